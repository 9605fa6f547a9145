package io.jbuild.core.container;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code -p [IP:][HOSTPORT:]CTRPORT[/PROTO]}, as docker reads it. Without a host port docker picks a free one;
 * that is left to the forwarder (0 here).
 *
 * @param hostIp    the host address to listen on; {@code 0.0.0.0} when not given
 * @param hostPort  0 when not given
 * @param port      the container's port
 * @param protocol  tcp or udp
 */
public record PortMapping(String hostIp, int hostPort, int port, String protocol) {

    private static final Pattern FORM = Pattern.compile(
            "(?:(?:(\\[[0-9a-fA-F:]+]|[0-9.]+):)?(\\d*):)?(\\d+)(?:/(tcp|udp))?");

    /** Reads a {@code -p} value. @throws IllegalArgumentException naming the value when it is not one */
    public static PortMapping parse(String value) {
        Matcher m = FORM.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid -p \"" + value + "\": use [IP:]HOSTPORT:CTRPORT[/tcp|udp]");
        }
        int port = port(m.group(3), value);
        int hostPort = m.group(2) == null || m.group(2).isEmpty() ? 0 : port(m.group(2), value);
        return new PortMapping(m.group(1) == null ? "0.0.0.0" : m.group(1), hostPort, port,
                m.group(4) == null ? "tcp" : m.group(4));
    }

    private static int port(String digits, String value) {
        int p;
        try {
            p = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("invalid -p \"" + value + "\": port " + digits + " is not 1-65535");
        }
        return p;
    }

    /** docker's key for it in {@code NetworkSettings.Ports}: {@code 80/tcp}. */
    public String key() {
        return port + "/" + protocol;
    }

    /** As {@code docker ps} shows it: {@code 127.0.0.1:5000->80/tcp}. */
    @Override
    public String toString() {
        return hostIp + ":" + (hostPort == 0 ? "" : Integer.toString(hostPort)) + "->" + key();
    }
}
