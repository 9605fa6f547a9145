package io.jbuild.core.registry;

import io.jbuild.core.image.PlatformMatcher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

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
        return with(b -> b.insecureRegistries = hosts);
    }

    public RegistryOptions withEnvironment(Map<String, String> env, Path homeDir) {
        return with(b -> {
            b.environment = env;
            b.home = homeDir;
        });
    }

    public RegistryOptions withPlatform(PlatformMatcher matcher) {
        return with(b -> b.platform = matcher);
    }

    public RegistryOptions withRetry(RetryPolicy policy) {
        return with(b -> b.retry = policy);
    }

    public RegistryOptions withParallelism(int n) {
        return with(b -> b.parallelism = n);
    }

    public RegistryOptions withTimeout(Duration t) {
        return with(b -> b.timeout = t);
    }

    public RegistryOptions withUserAgent(String agent) {
        return with(b -> b.userAgent = agent);
    }

    public RegistryOptions withTransfers(TransferLimits limits) {
        return with(b -> b.transfers = limits);
    }

    /** A copy with what {@code change} sets on a copy of these options' values; the rest kept. */
    private RegistryOptions with(Consumer<Values> change) {
        Values v = new Values(this);
        change.accept(v);
        return new RegistryOptions(v.insecureRegistries, v.environment, v.home, v.platform, v.retry, v.parallelism,
                v.timeout, v.userAgent, v.transfers);
    }

    /** The components, to change a few of them: each wither is then one line, not a ninefold constructor call. */
    private static final class Values {
        Set<String> insecureRegistries;
        Map<String, String> environment;
        Path home;
        PlatformMatcher platform;
        RetryPolicy retry;
        int parallelism;
        Duration timeout;
        String userAgent;
        TransferLimits transfers;

        Values(RegistryOptions o) {
            insecureRegistries = o.insecureRegistries;
            environment = o.environment;
            home = o.home;
            platform = o.platform;
            retry = o.retry;
            parallelism = o.parallelism;
            timeout = o.timeout;
            userAgent = o.userAgent;
            transfers = o.transfers;
        }
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
