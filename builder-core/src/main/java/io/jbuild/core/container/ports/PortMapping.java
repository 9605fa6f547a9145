package io.jbuild.core.container.ports;

import java.util.Locale;

/**
 * One published port: {@code hostIp:hostPort -> containerPort/protocol}. A host port of 0 is any free one
 * (docker's {@code -p 80}); {@code hostPortEnd > hostPort} is a range to pick one from ({@code -p 8000-8010:80}).
 */
public record PortMapping(String hostIp, int hostPort, int hostPortEnd, int containerPort, String protocol) {

    /** Docker's default host address: every interface. */
    public static final String ANY = "0.0.0.0";

    public PortMapping {
        protocol = protocol.toLowerCase(Locale.ROOT);
        if (hostPortEnd < hostPort) {
            hostPortEnd = hostPort;
        }
    }

    public PortMapping(String hostIp, int hostPort, int containerPort, String protocol) {
        this(hostIp, hostPort, hostPort, containerPort, protocol);
    }

    /** The same mapping bound to {@code port}, once a free one is chosen. */
    public PortMapping boundTo(int port) {
        return new PortMapping(hostIp, port, port, containerPort, protocol);
    }

    /** docker's key for it in {@code NetworkSettings.Ports}: {@code 80/tcp}. */
    public String key() {
        return containerPort + "/" + protocol;
    }

    /** The host port as docker's {@code HostPort} field shows it: empty for any, {@code 8000-8010} for a range. */
    public String hostPortText() {
        return hostPort == 0 ? "" : hostPortEnd > hostPort ? hostPort + "-" + hostPortEnd : Integer.toString(hostPort);
    }

    /** As {@code docker ps} shows it: {@code 127.0.0.1:5000->80/tcp}. */
    @Override
    public String toString() {
        String ip = hostIp.contains(":") ? "[" + hostIp + "]" : hostIp;
        String host = hostPortEnd > hostPort ? hostPort + "-" + hostPortEnd : Integer.toString(hostPort);
        return ip + ":" + host + "->" + containerPort + "/" + protocol;
    }
}
