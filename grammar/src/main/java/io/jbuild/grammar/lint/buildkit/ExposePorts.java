package io.jbuild.grammar.lint.buildkit;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** BuildKit's reading of an EXPOSE port spec {@code [ip:][hostPort:]containerPort[/proto]}. */
record ExposePorts(String ip, String hostPort, String containerPort, String proto) {

    /** The parts, or empty when BuildKit rejects the protocol or finds no port (it fails the build then). */
    static Optional<ExposePorts> parse(String raw) {
        String[] parts = raw.split(":", -1);
        String ip = "";
        String host = "";
        String container;
        if (parts.length == 1) {
            container = parts[0];
        } else if (parts.length == 2) {
            host = parts[0];
            container = parts[1];
        } else {
            int n = parts.length;
            ip = String.join(":", Arrays.copyOfRange(parts, 0, n - 2));
            host = parts[n - 2];
            container = parts[n - 1];
        }
        int slash = container.indexOf('/');
        String port = slash < 0 ? container : container.substring(0, slash);
        String proto = slash < 0 ? "" : container.substring(slash + 1);
        if (port.isEmpty()) {
            return Optional.empty();
        }
        switch (proto.toLowerCase(Locale.ROOT)) {
            case "", "tcp", "udp", "sctp" -> {
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(new ExposePorts(ip, host, port, proto));
    }
}
