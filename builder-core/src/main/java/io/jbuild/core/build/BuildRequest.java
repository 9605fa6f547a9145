package io.jbuild.core.build;

import io.jbuild.core.context.DockerfileName;
import io.jbuild.core.layer.Compression;
import io.jbuild.core.registry.RegistryAccess;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What to build.
 *
 * @param contextDir      the build context
 * @param dockerfile      the Dockerfile (default: {@code contextDir/Dockerfile}, else {@code contextDir/dockerfile})
 * @param buildArgs       {@code --build-arg} values, already read
 * @param target          the stage to build; the last one when empty
 * @param platform        {@code os/arch[/variant]}; this machine's when empty
 * @param tags            references to tag the result with in the local store
 * @param labels          {@code --label} values added to the image
 * @param noCache         ignore the build cache
 * @param sourceDateEpoch when set, every timestamp in the image (config, history, file times in new layers) is
 *                        clamped to it, so that the same input gives the same digest anywhere
 * @param compression     how new layers are compressed
 * @param network         RUN's network when a step does not say: {@code default} (a private one, as in docker build),
 *                        {@code host} (which also lets steps ask for it) or {@code none}
 * @param secrets         {@code --secret id=...,src=...}: files RUN --mount=type=secret may read, by id
 * @param pull            pull base images even when the store has them ({@code --pull})
 * @param insecureRegistries registries that may be reached over plain http (besides localhost)
 * @param registries      the options (credentials) base images are pulled with, per registry
 * @param allow           BuildKit's entitlements the build grants ({@code --allow}): {@code network.host} lets a
 *                        step say {@code RUN --network=host}
 */
public record BuildRequest(Path contextDir, Path dockerfile, Map<String, String> buildArgs, Optional<String> target,
                           Optional<String> platform, List<String> tags, Map<String, String> labels, boolean noCache,
                           Optional<Instant> sourceDateEpoch, Compression compression, String network,
                           Map<String, Path> secrets, boolean pull, Set<String> insecureRegistries,
                           RegistryAccess registries, Set<String> allow) {

    public BuildRequest {
        buildArgs = Map.copyOf(buildArgs);
        tags = List.copyOf(tags);
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        secrets = Map.copyOf(secrets);
        insecureRegistries = Set.copyOf(insecureRegistries);
        network = network == null || network.isEmpty() ? "default" : network;
        allow = Set.copyOf(allow == null ? Set.of() : allow);
        registries = registries == null ? RegistryAccess.DEFAULT : registries;
    }

    public BuildRequest withRegistries(RegistryAccess access) {
        return new BuildRequest(contextDir, dockerfile, buildArgs, target, platform, tags, labels, noCache,
                sourceDateEpoch, compression, network, secrets, pull, insecureRegistries, access, allow);
    }

    public BuildRequest withPull(boolean always) {
        return new BuildRequest(contextDir, dockerfile, buildArgs, target, platform, tags, labels, noCache,
                sourceDateEpoch, compression, network, secrets, always, insecureRegistries, registries, allow);
    }

    public BuildRequest withInsecureRegistries(Set<String> hosts) {
        return new BuildRequest(contextDir, dockerfile, buildArgs, target, platform, tags, labels, noCache,
                sourceDateEpoch, compression, network, secrets, pull, hosts, registries, allow);
    }

    public BuildRequest withNetwork(String n) {
        return new BuildRequest(contextDir, dockerfile, buildArgs, target, platform, tags, labels, noCache,
                sourceDateEpoch, compression, n, secrets, pull, insecureRegistries, registries, allow);
    }

    public BuildRequest withSecrets(Map<String, Path> s) {
        return new BuildRequest(contextDir, dockerfile, buildArgs, target, platform, tags, labels, noCache,
                sourceDateEpoch, compression, network, s, pull, insecureRegistries, registries, allow);
    }

    /** A request with docker's defaults for everything but the context. */
    public static BuildRequest of(Path contextDir) {
        return new BuildRequest(contextDir, DockerfileName.resolve(contextDir.resolve(DockerfileName.DEFAULT)),
                Map.of(), Optional.empty(), Optional.empty(), List.of(), Map.of(), false, Optional.empty(),
                Compression.GZIP, "default", Map.of(), false, Set.of(), RegistryAccess.DEFAULT,
                Set.of());
    }

    /** The same request on another context directory (the Dockerfile is left as it was). */
    public BuildRequest withContextDir(Path dir) {
        return new BuildRequest(dir, dockerfile, buildArgs, target, platform, tags, labels, noCache, sourceDateEpoch,
                compression, network, secrets, pull, insecureRegistries, registries, allow);
    }

    public BuildRequest withDockerfile(Path file) {
        return new BuildRequest(contextDir, file, buildArgs, target, platform, tags, labels, noCache, sourceDateEpoch,
                compression, network, secrets, pull, insecureRegistries, registries, allow);
    }

    public BuildRequest withBuildArgs(Map<String, String> args) {
        return new BuildRequest(contextDir, dockerfile, args, target, platform, tags, labels, noCache, sourceDateEpoch,
                compression, network, secrets, pull, insecureRegistries, registries, allow);
    }

    public BuildRequest withTarget(String stage) {
        return new BuildRequest(contextDir, dockerfile, buildArgs, Optional.ofNullable(stage), platform, tags, labels,
                noCache, sourceDateEpoch, compression, network, secrets, pull, insecureRegistries, registries, allow);
    }

    public BuildRequest withPlatform(String p) {
        return new BuildRequest(contextDir, dockerfile, buildArgs, target, Optional.ofNullable(p), tags, labels, noCache,
                sourceDateEpoch, compression, network, secrets, pull, insecureRegistries, registries, allow);
    }

    public BuildRequest withTags(List<String> t) {
        return new BuildRequest(contextDir, dockerfile, buildArgs, target, platform, t, labels, noCache, sourceDateEpoch,
                compression, network, secrets, pull, insecureRegistries, registries, allow);
    }

    public BuildRequest withLabels(Map<String, String> l) {
        return new BuildRequest(contextDir, dockerfile, buildArgs, target, platform, tags, l, noCache, sourceDateEpoch,
                compression, network, secrets, pull, insecureRegistries, registries, allow);
    }

    public BuildRequest withNoCache(boolean on) {
        return new BuildRequest(contextDir, dockerfile, buildArgs, target, platform, tags, labels, on, sourceDateEpoch,
                compression, network, secrets, pull, insecureRegistries, registries, allow);
    }

    public BuildRequest withSourceDateEpoch(Instant epoch) {
        return new BuildRequest(contextDir, dockerfile, buildArgs, target, platform, tags, labels, noCache,
                Optional.ofNullable(epoch), compression, network, secrets, pull, insecureRegistries, registries, allow);
    }

    public BuildRequest withCompression(Compression c) {
        return new BuildRequest(contextDir, dockerfile, buildArgs, target, platform, tags, labels, noCache,
                sourceDateEpoch, c, network, secrets, pull, insecureRegistries, registries, allow);
    }

    public BuildRequest withAllow(Set<String> entitlements) {
        return new BuildRequest(contextDir, dockerfile, buildArgs, target, platform, tags, labels, noCache,
                sourceDateEpoch, compression, network, secrets, pull, insecureRegistries, registries, entitlements);
    }

    /** Whether a step may use the host's network: the build's own network is the host's, or it allows it. */
    public boolean allowsHostNetwork() {
        return network.equalsIgnoreCase("host") || allow.contains("network.host");
    }
}
