package io.jbuild.core.exec;

import java.util.Locale;

/** The network a RUN step sees ({@code RUN --network}, {@code jbuild build --network}). */
public enum NetworkMode {
    /** the host's network namespace: how {@code docker build} reaches the internet by default */
    HOST,
    /** a fresh network namespace with only the loopback interface */
    NONE;

    /** {@code host}, {@code none}; {@code default} is the host's, as in {@code docker build}. */
    public static NetworkMode parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "host", "default" -> HOST;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException("unsupported network mode \"" + value
                    + "\" (host, none or default)");
        };
    }
}
