package io.jbuild.core.registry;

import io.jbuild.core.image.PlatformMatcher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How registries are reached, shared by pull, push and login.
 *
 * @param insecureRegistries {@code host} or {@code host:port} that may be reached over plain HTTP or unverified
 *                           TLS, besides loopback ones ({@code --insecure-registry})
 * @param environment        the environment credentials are looked up with ({@code DOCKER_CONFIG}, and what
 *                           credential helpers see); passed in, so tests and embedders need not change the process's
 * @param home               the user's home directory ({@code ~/.docker/config.json})
 * @param platform           which manifest of a multi-platform index a pull takes
 * @param retry              how transient failures are retried
 * @param parallelism        blobs transferred at once
 * @param timeout            time-out of one manifest or token request, for its headers and again for its body; for
 *                           a blob download, of its headers and of each wait for data, and the grace before its
 *                           minimum rate counts (jib's uploads use jib's own, 20 s per read unless the
 *                           {@code jib.httpTimeout} system property says otherwise)
 * @param userAgent          the {@code User-Agent} sent
 * @param transfers          the bounds of a download: minimum rate, largest blob (also those of {@code ADD} of a
 *                           URL, which takes them from the options of the URL's host)
 */
public record RegistryOptions(Set<String> insecureRegistries, Map<String, String> environment, Path home,
                              PlatformMatcher platform, RetryPolicy retry, int parallelism, Duration timeout,
                              String userAgent, TransferLimits transfers) {

    public RegistryOptions {
        insecureRegistries = Set.copyOf(insecureRegistries);
        environment = Map.copyOf(environment);
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(transfers, "transfers");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
    }

    /**
     * This process's environment and home, this machine's platform, three transfers at once (as docker), the
     * transfer limits of the system properties ({@link TransferLimits#fromSystemProperties()}).
     */
    public static RegistryOptions defaults() {
        return new RegistryOptions(Set.of(), System.getenv(), Path.of(System.getProperty("user.home")),
                PlatformMatcher.host(), RetryPolicy.DEFAULT, 3, Duration.ofSeconds(60), "jbuild",
                TransferLimits.fromSystemProperties());
    }

    public RegistryOptions withInsecureRegistries(Set<String> hosts) {
        return new RegistryOptions(hosts, environment, home, platform, retry, parallelism, timeout, userAgent,
                transfers);
    }

    public RegistryOptions withEnvironment(Map<String, String> env, Path homeDir) {
        return new RegistryOptions(insecureRegistries, env, homeDir, platform, retry, parallelism, timeout,
                userAgent, transfers);
    }

    public RegistryOptions withPlatform(PlatformMatcher matcher) {
        return new RegistryOptions(insecureRegistries, environment, home, matcher, retry, parallelism, timeout,
                userAgent, transfers);
    }

    public RegistryOptions withRetry(RetryPolicy policy) {
        return new RegistryOptions(insecureRegistries, environment, home, platform, policy, parallelism, timeout,
                userAgent, transfers);
    }

    public RegistryOptions withParallelism(int n) {
        return new RegistryOptions(insecureRegistries, environment, home, platform, retry, n, timeout, userAgent,
                transfers);
    }

    public RegistryOptions withTimeout(Duration t) {
        return new RegistryOptions(insecureRegistries, environment, home, platform, retry, parallelism, t, userAgent,
                transfers);
    }

    public RegistryOptions withUserAgent(String agent) {
        return new RegistryOptions(insecureRegistries, environment, home, platform, retry, parallelism, timeout,
                agent, transfers);
    }

    public RegistryOptions withTransfers(TransferLimits limits) {
        return new RegistryOptions(insecureRegistries, environment, home, platform, retry, parallelism, timeout,
                userAgent, limits);
    }

    /** The endpoint of {@code registry} under these options. */
    public RegistryEndpoint endpoint(String registry) {
        return RegistryEndpoint.of(registry, insecureRegistries);
    }

    /** docker's client configuration file: {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}. */
    public Path dockerConfigFile() {
        return DockerConfigFile.locate(environment, home);
    }
}
