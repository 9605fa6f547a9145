package io.jbuild.core.container.ports;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads {@code -p/--publish} values as docker does: {@code [[IP:]HOSTPORT:]CTRPORT[/PROTO]}, with ranges
 * ({@code 8000-8001:80-81} is two mappings; {@code 8000-8010:80} picks one host port of the range), an empty or
 * missing host port for any free one, IPv6 addresses in brackets, and docker's error texts.
 */
public final class PortSpec {

    private static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "sctp");

    private PortSpec() {
    }

    /** @throws IllegalArgumentException with docker's words ({@code Invalid hostPort: abc}) */
    public static List<PortMapping> parse(String raw) {
        String[] parts = raw.split(":", -1);
        int n = parts.length;
        String containerPart = parts[n - 1];
        String hostPart = n >= 2 ? parts[n - 2] : "";
        String ip = n >= 3 ? String.join(":", Arrays.copyOfRange(parts, 0, n - 2)) : "";

        String protocol = "tcp";
        int slash = containerPart.indexOf('/');
        if (slash >= 0) {
            protocol = containerPart.substring(slash + 1);
            containerPart = containerPart.substring(0, slash);
        }
        if (ip.startsWith("[") && ip.endsWith("]")) {
            ip = ip.substring(1, ip.length() - 1);
        }
        if (!ip.isEmpty() && !isIp(ip)) {
            throw new IllegalArgumentException("Invalid ip address: " + ip);
        }
        if (containerPart.isEmpty()) {
            throw new IllegalArgumentException("No port specified: " + raw + "<empty>");
        }
        int[] container = range(containerPart, "containerPort");
        int[] host = hostPart.isEmpty() ? null : range(hostPart, "hostPort");
        if (host != null && container[1] - container[0] != host[1] - host[0] && container[1] != container[0]) {
            throw new IllegalArgumentException("Invalid ranges specified for container and host Ports: "
                    + containerPart + " and " + hostPart);
        }
        if (!PROTOCOLS.contains(protocol.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("Invalid proto: " + protocol);
        }
        String hostIp = ip.isEmpty() ? PortMapping.ANY : ip;
        List<PortMapping> out = new ArrayList<>();
        for (int i = 0; i <= container[1] - container[0]; i++) {
            if (host == null) {
                out.add(new PortMapping(hostIp, 0, container[0] + i, protocol));
            } else if (container[0] == container[1]) {
                out.add(new PortMapping(hostIp, host[0], host[1], container[0], protocol));
            } else {
                out.add(new PortMapping(hostIp, host[0] + i, container[0] + i, protocol));
            }
        }
        return out;
    }

    /** {@code 80} or {@code 80-90}, each a port number. */
    private static int[] range(String text, String what) {
        int dash = text.indexOf('-');
        try {
            int start = port(dash < 0 ? text : text.substring(0, dash));
            int end = dash < 0 ? start : port(text.substring(dash + 1));
            if (end < start) {
                throw new NumberFormatException();
            }
            return new int[] {start, end};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid " + what + ": " + text);
        }
    }

    private static int port(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
            throw new NumberFormatException(text);
        }
        int p = Integer.parseInt(text);
        if (p > 65535) {
            throw new NumberFormatException(text);
        }
        return p;
    }

    /** A literal IPv4 or IPv6 address (never a name: InetAddress would look a name up). */
    private static boolean isIp(String ip) {
        boolean v4 = ip.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                && Arrays.stream(ip.split("\\.")).allMatch(o -> Integer.parseInt(o) <= 255);
        boolean v6 = ip.contains(":") && ip.matches("[0-9a-fA-F:.]+");
        if (v6) {
            try {
                InetAddress.getByName(ip);
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return v4 || v6;
    }
}
