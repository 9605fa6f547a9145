package io.jbuild.core.registry;

import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.grammar.reference.InvalidReferenceException;
import java.util.Locale;
import java.util.Set;

/**
 * Where a registry is reached and how.
 *
 * @param registry the registry as references name it: {@code docker.io}, {@code localhost:5000}, {@code ghcr.io}
 * @param host     the server to talk to: {@code registry-1.docker.io} for {@code docker.io}, else {@code registry}
 * @param insecure plain HTTP (and unverified TLS) allowed: only loopback registries and those the user listed
 *                 with {@code --insecure-registry}
 */
public record RegistryEndpoint(String registry, String host, boolean insecure) {

    /** The key docker's config.json uses for Docker Hub, whatever alias the user typed. */
    public static final String DOCKER_HUB_CONFIG_KEY = "https://index.docker.io/v1/";

    private static final String DOCKER_HUB_HOST = "registry-1.docker.io";
    private static final Set<String> DOCKER_HUB_ALIASES =
            Set.of("docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com");
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    /**
     * The endpoint of {@code registry}.
     *
     * @param insecureRegistries {@code host} or {@code host:port} entries of {@code --insecure-registry}
     */
    public static RegistryEndpoint of(String registry, Set<String> insecureRegistries) {
        String host = DOCKER_HUB_ALIASES.contains(registry) ? DOCKER_HUB_HOST : registry;
        String hostOnly = withoutPort(registry);
        boolean insecure = LOOPBACK.contains(hostOnly)
                || insecureRegistries.contains(registry) || insecureRegistries.contains(hostOnly);
        return new RegistryEndpoint(DOCKER_HUB_ALIASES.contains(registry) ? ImageReference.DEFAULT_REGISTRY : registry,
                host, insecure);
    }

    /** Whether the registry is on this machine's loopback (so a plain-HTTP request to it never leaves the host). */
    public boolean loopback() {
        return LOOPBACK.contains(withoutPort(registry));
    }

    /**
     * Reads what a user types after {@code jbuild login}: {@code ghcr.io}, {@code localhost:5000},
     * {@code https://index.docker.io/v1/}; scheme and path are dropped, as docker does.
     *
     * @throws IllegalArgumentException if what remains is not a registry host (an
     *         {@link InvalidReferenceException} naming it)
     */
    public static String normalizeRegistry(String input) {
        String s = input.strip();
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            s = s.substring(scheme + 3);
        }
        int slash = s.indexOf('/');
        if (slash >= 0) {
            s = s.substring(0, slash);
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("invalid registry \"" + input + "\"");
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (DOCKER_HUB_ALIASES.contains(lower)) {
            return ImageReference.DEFAULT_REGISTRY;
        }
        // The reference model validates registry hosts (name or IP, optional port).
        return new ImageReference(s, "x", null, null).registry();
    }

    /** The key of this registry in docker's config.json ({@code auths}, {@code credHelpers}). */
    public String configKey() {
        return registry.equals(ImageReference.DEFAULT_REGISTRY) ? DOCKER_HUB_CONFIG_KEY : registry;
    }

    private static String withoutPort(String registry) {
        if (registry.startsWith("[")) {
            int end = registry.indexOf(']');
            return end > 0 ? registry.substring(0, end + 1) : registry;
        }
        int colon = registry.lastIndexOf(':');
        return colon >= 0 ? registry.substring(0, colon) : registry;
    }
}
