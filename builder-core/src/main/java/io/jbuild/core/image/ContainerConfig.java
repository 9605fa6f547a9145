package io.jbuild.core.image;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code config} object of an image config: what a container starts with. The OCI fields plus Docker's
 * extensions (Healthcheck, OnBuild, Shell); field names as Docker writes them.
 *
 * @param user         {@code User}
 * @param exposedPorts {@code ExposedPorts}, e.g. {@code 80/tcp} (JSON: an object of empty objects)
 * @param env          {@code Env}, {@code KEY=value}
 * @param entrypoint   {@code Entrypoint}
 * @param cmd          {@code Cmd}
 * @param volumes      {@code Volumes} (JSON: an object of empty objects)
 * @param workingDir   {@code WorkingDir}
 * @param labels       {@code Labels}
 * @param stopSignal   {@code StopSignal}
 * @param argsEscaped  {@code ArgsEscaped} (Windows legacy); null unless true
 * @param healthcheck  {@code Healthcheck} (Docker)
 * @param onBuild      {@code OnBuild} triggers (Docker)
 * @param shell        {@code Shell} for shell-form commands (Docker)
 * @param extra        fields this model does not know (Docker's {@code Hostname}, {@code Tty}, ...)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"User", "ExposedPorts", "Env", "Entrypoint", "Cmd", "Volumes", "WorkingDir", "Labels",
        "StopSignal", "ArgsEscaped", "Healthcheck", "OnBuild", "Shell"})
public record ContainerConfig(
        @JsonProperty("User") String user,
        @JsonProperty("ExposedPorts")
        @JsonSerialize(using = EmptyObjectSet.Writer.class) Set<String> exposedPorts,
        @JsonProperty("Env") List<String> env,
        @JsonProperty("Entrypoint") List<String> entrypoint,
        @JsonProperty("Cmd") List<String> cmd,
        @JsonProperty("Volumes")
        @JsonSerialize(using = EmptyObjectSet.Writer.class) Set<String> volumes,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("StopSignal") String stopSignal,
        @JsonProperty("ArgsEscaped") Boolean argsEscaped,
        @JsonProperty("Healthcheck") Healthcheck healthcheck,
        @JsonProperty("OnBuild") List<String> onBuild,
        @JsonProperty("Shell") List<String> shell,
        @JsonAnyGetter Map<String, JsonNode> extra) {

    public ContainerConfig {
        user = Copies.emptyToNull(user);
        exposedPorts = EmptyObjectSet.copy(exposedPorts);
        env = Copies.list(env);
        entrypoint = Copies.list(entrypoint);
        cmd = Copies.list(cmd);
        volumes = EmptyObjectSet.copy(volumes);
        workingDir = Copies.emptyToNull(workingDir);
        labels = Copies.map(labels);
        stopSignal = Copies.emptyToNull(stopSignal);
        argsEscaped = Boolean.TRUE.equals(argsEscaped) ? Boolean.TRUE : null; // Go omits false
        onBuild = Copies.list(onBuild);
        shell = Copies.list(shell);
        extra = Copies.extra(extra);
    }

    /** No defaults at all. */
    public static ContainerConfig empty() {
        return new ContainerConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public ContainerConfig withEnv(List<String> newEnv) {
        return new ContainerConfig(user, exposedPorts, newEnv, entrypoint, cmd, volumes, workingDir, labels,
                stopSignal, argsEscaped, healthcheck, onBuild, shell, extra);
    }

    public ContainerConfig withCmd(List<String> newCmd) {
        return new ContainerConfig(user, exposedPorts, env, entrypoint, newCmd, volumes, workingDir, labels,
                stopSignal, argsEscaped, healthcheck, onBuild, shell, extra);
    }

    public ContainerConfig withEntrypoint(List<String> newEntrypoint) {
        return new ContainerConfig(user, exposedPorts, env, newEntrypoint, cmd, volumes, workingDir, labels,
                stopSignal, argsEscaped, healthcheck, onBuild, shell, extra);
    }

    public ContainerConfig withLabels(Map<String, String> newLabels) {
        return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, newLabels,
                stopSignal, argsEscaped, healthcheck, onBuild, shell, extra);
    }

    /**
     * Docker's HEALTHCHECK settings; durations are integer nanoseconds in JSON, 0 meaning "inherit".
     *
     * @param test          {@code []} inherit, {@code ["NONE"]}, {@code ["CMD", args...]}, {@code ["CMD-SHELL", cmd]}
     * @param interval      nanoseconds between checks
     * @param timeout       nanoseconds before a check counts as hung
     * @param startPeriod   nanoseconds of grace at start
     * @param startInterval nanoseconds between checks during the start period
     * @param retries       consecutive failures that make the container unhealthy
     * @param extra         fields this model does not know
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"Test", "Interval", "Timeout", "StartPeriod", "StartInterval", "Retries"})
    public record Healthcheck(
            @JsonProperty("Test") List<String> test,
            @JsonProperty("Interval") Long interval,
            @JsonProperty("Timeout") Long timeout,
            @JsonProperty("StartPeriod") Long startPeriod,
            @JsonProperty("StartInterval") Long startInterval,
            @JsonProperty("Retries") Integer retries,
            @JsonAnyGetter Map<String, JsonNode> extra) {

        public Healthcheck {
            test = Copies.list(test);
            interval = zeroToNull(interval);
            timeout = zeroToNull(timeout);
            startPeriod = zeroToNull(startPeriod);
            startInterval = zeroToNull(startInterval);
            retries = retries == null || retries == 0 ? null : retries; // Go omits zero
            extra = Copies.extra(extra);
        }

        public static Healthcheck of(List<String> test, Duration interval, Duration timeout, Duration startPeriod,
                                     Duration startInterval, int retries) {
            return new Healthcheck(test, nanos(interval), nanos(timeout), nanos(startPeriod), nanos(startInterval),
                    retries, null);
        }

        private static Long nanos(Duration d) {
            return d == null ? null : d.toNanos();
        }

        private static Long zeroToNull(Long value) {
            return value == null || value == 0 ? null : value;
        }
    }
}
