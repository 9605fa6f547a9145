package io.jbuild.core.exec;

import java.util.Locale;

/** The network a container sees ({@code RUN --network}, {@code jbuild build --network}, {@code jbuild run --network}). */
public enum NetworkMode {
    /**
     * A network namespace of its own that reaches out through slirp4netns (as {@code docker build}'s RUN has its own
     * network): nothing listening on the host, its loopback included, is reachable, and nothing of the host's
     * traffic is visible.
     */
    PRIVATE,
    /** the host's network namespace: an explicit opt-in (BuildKit's {@code network.host} entitlement) */
    HOST,
    /** a fresh network namespace with only the loopback interface */
    NONE;

    /** {@code private} (or {@code default}), {@code host}, {@code none}. */
    public static NetworkMode parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "private", "default", "sandbox" -> PRIVATE;
            case "host" -> HOST;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException("unsupported network mode \"" + value
                    + "\" (private, host, none or default)");
        };
    }

    /** The name {@link #parse} reads. */
    public String flag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
