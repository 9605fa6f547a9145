package io.jbuild.core.exec;

import io.jbuild.grammar.reference.Digest;
import com.fasterxml.jackson.databind.JsonNode;
import io.jbuild.core.container.ports.PortMapping;
import io.jbuild.core.image.OciJson;
import io.jbuild.core.snapshot.HostCommand;
import io.jbuild.core.snapshot.Mounts;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A container's private network: a network namespace bound to a file (so that it exists before the container and
 * the runtime joins it by path) with slirp4netns giving it outbound access as a user-mode NAT: address 10.0.2.100,
 * gateway 10.0.2.2, DNS forwarder 10.0.2.3. The host's loopback is out of reach ({@code --disable-host-loopback}).
 *
 * <p>slirp4netns watches its standard input, a pipe only this JVM writes to ({@code --exit-fd}): when the JVM
 * dies, even by SIGKILL, the pipe closes and slirp4netns exits. The namespace's file is a mount that a killed JVM
 * leaves behind; {@link #recover(Path)} removes it with the slirp4netns of a dead owner.
 *
 * <p>A container's network ({@link Options#CONTAINER}) is the other way round: slirp4netns runs in a session of its
 * own without the exit pipe, so it outlives this JVM with the container, and serves an API socket through which
 * {@link #publish} adds port forwards; {@link #recover(Path)} is then how it is stopped. Its namespace is the one
 * the runtime made for the created container ({@link #startDetachedFor}), as podman does: no mount or
 * {@code unshare} process of ours.
 */
public final class SlirpNetwork implements AutoCloseable {

    /** The container's name server (slirp4netns' DNS forwarder). */
    public static final String DNS = "10.0.2.3";

    private static final String NAMESPACE = "netns";
    private static final String PID = "slirp4netns.pid";
    private static final String LOG = "slirp4netns.log";
    private static final long READY_TIMEOUT_MS = 10_000;
    /** API sockets live here: a unix socket's path must stay under 108 bytes, which a store's path may not. */
    private static final Path SOCKETS = Path.of("/run/jbuild");

    /**
     * How slirp4netns runs.
     *
     * @param apiSocket   serve the API socket that {@link #publish} uses
     * @param outlivesJvm run detached from this JVM (a container's network, stopped by {@link #recover(Path)}), not
     *                    ended by this JVM's exit like a RUN step's
     */
    public record Options(boolean apiSocket, boolean outlivesJvm) {
        /** A RUN step's or a foreground {@code jbuild run}'s: dies with the JVM, no API. */
        public static final Options RUN = new Options(false, false);
        /** A detached container's: outlives the JVM, ports published through the API socket. */
        public static final Options CONTAINER = new Options(true, true);
    }

    private final Path dir;
    private final Path namespace;
    private final Process slirp;
    private final Options options;
    private boolean closed;

    private SlirpNetwork(Path dir, Path namespace, Process slirp, Options options) {
        this.dir = dir;
        this.namespace = namespace;
        this.slirp = slirp;
        this.options = options;
    }

    /**
     * Makes the namespace at {@code dir/netns} and starts slirp4netns for it; returns when the namespace's
     * interfaces, address, route and DNS are up. {@code dir} must exist; its files are this network's.
     *
     * @throws IOException when slirp4netns is missing or fails (its log is in the message); nothing is left behind
     */
    public static SlirpNetwork start(Path dir) throws IOException {
        return start(dir, Options.RUN);
    }

    /**
     * A container's network, which outlives this JVM ({@link Options#CONTAINER}), handed over at once: the returned
     * object only tells the namespace and publishes ports; {@link #recover(Path)} stops it.
     */
    public static SlirpNetwork startDetached(Path dir) throws IOException {
        SlirpNetwork network = start(dir, Options.CONTAINER);
        network.detach();
        return network;
    }

    /**
     * As {@link #startDetached(Path)}, for the namespace of process {@code pid}, which the runtime made with the
     * container (created, not yet started): no mount and no {@code unshare} process of our own. The namespace's
     * file is a symbolic link to the process's, so that slirp4netns' command line still names {@code dir} (how
     * {@link #recover(Path)} and a check for leaks know it). The namespace lives as long as the container's
     * processes or slirp4netns' tap device.
     */
    public static SlirpNetwork startDetachedFor(Path dir, long pid) throws IOException {
        Path link = dir.resolve(NAMESPACE);
        Files.createSymbolicLink(link, Path.of("/proc/" + pid + "/ns/net"));
        SlirpNetwork network = start(dir, link, Options.CONTAINER);
        network.detach();
        return network;
    }

    /** As {@link #start(Path)}, run as {@code options} say. */
    public static SlirpNetwork start(Path dir, Options options) throws IOException {
        Path namespace = dir.resolve(NAMESPACE);
        Files.createFile(namespace);
        try {
            HostCommand.check(List.of("unshare", "--net=" + namespace, "true"), null,
                    "cannot create a network namespace");
        } catch (IOException e) {
            Files.deleteIfExists(namespace);
            throw e;
        }
        return start(dir, namespace, options);
    }

    /** slirp4netns for the existing namespace at {@code namespace} (a bound file or a process's). */
    private static SlirpNetwork start(Path dir, Path namespace, Options options) throws IOException {
        Process process;
        try {
            if (options.apiSocket()) {
                Files.createDirectories(SOCKETS, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
                Files.deleteIfExists(socket(dir));
            }
            process = launch(dir, namespace, options);
        } catch (IOException e) {
            unbind(namespace);
            throw e;
        }
        SlirpNetwork network = new SlirpNetwork(dir, namespace, process, options);
        try {
            Files.writeString(dir.resolve(PID), Long.toString(process.pid()), StandardCharsets.US_ASCII);
            if (options.apiSocket()) {
                network.awaitSocket();
            } else {
                network.awaitReady();
            }
            return network;
        } catch (IOException | RuntimeException e) {
            network.close();
            throw e;
        }
    }

    /**
     * Starts slirp4netns. With an API socket it is exec'd directly (through {@code setsid} alone when it outlives
     * this JVM) and its socket tells readiness: slirp4netns configures the namespace's interfaces before it binds
     * the socket. Without one, a shell gives it fd 3 for {@code --ready-fd}, which ProcessBuilder cannot.
     */
    private static Process launch(Path dir, Path namespace, Options options) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (options.outlivesJvm()) {
            cmd.add("setsid"); // a detached one is out of reach of the terminal's Ctrl-C to our process group, too
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (options.apiSocket()) {
            cmd.addAll(List.of("slirp4netns", "--configure", "--mtu=65520", "--disable-host-loopback",
                    "--netns-type=path"));
            if (!options.outlivesJvm()) {
                cmd.add("--exit-fd=0");
            }
            cmd.addAll(List.of("--api-socket", socket(dir).toString(), namespace.toString(), "tap0"));
            // a file, not a pipe: a pipe whose reader (this JVM) has left would kill it by SIGPIPE
            pb.redirectErrorStream(true).redirectOutput(dir.resolve(LOG).toFile());
        } else {
            // fd 3 tells readiness on our stdout; slirp4netns' own chatter goes to the log.
            cmd.addAll(List.of("sh", "-c", "exec slirp4netns --configure --mtu=65520 --disable-host-loopback"
                    + " --netns-type=path " + (options.outlivesJvm() ? "" : "--exit-fd=0 ")
                    + "--ready-fd=3 \"$1\" tap0 3>&1 1>&2", "sh", namespace.toString()));
            pb.redirectError(dir.resolve(LOG).toFile());
        }
        if (options.outlivesJvm()) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))); // no pipe to us
        }
        return pb.start();
    }

    /** Whether slirp4netns still serves the namespace. */
    public synchronized boolean isAlive() {
        return !closed && slirp.isAlive();
    }

    /** The namespace's file, for the runtime spec's {@code linux.namespaces[].path}. */
    public Path namespace() {
        return namespace;
    }

    /** The API socket of the network in {@code dir}: short, under /run/jbuild, named after {@code dir}. */
    static Path socket(Path dir) {
        byte[] hash = Digest.newMessageDigest(Digest.SHA256)
                .digest(dir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
        return SOCKETS.resolve("slirp-" + HexFormat.of().formatHex(hash, 0, 10) + ".sock");
    }

    /**
     * Forwards {@code mapping}'s host address and port to the container's port through slirp4netns; a host port of
     * 0 (or a range) becomes a free one. Returns the mapping as bound.
     *
     * @throws IOException naming the address and port when it is taken ({@code Bind for 127.0.0.1:8080 failed:
     *                     port is already allocated}) or the protocol has no forwarder (sctp)
     */
    public PortMapping publish(PortMapping mapping) throws IOException {
        if (!options.apiSocket()) {
            throw new IllegalStateException("this network was started without an API socket");
        }
        if (!mapping.protocol().equals("tcp") && !mapping.protocol().equals("udp")) {
            throw new IOException("cannot publish " + mapping + ": slirp4netns forwards tcp and udp only");
        }
        InetAddress address = InetAddress.getByName(mapping.hostIp());
        int port = mapping.hostPort();
        if (port == 0) {
            port = freePort(address, mapping.protocol());
        } else if (mapping.hostPortEnd() > port) {
            port = firstFree(address, mapping);
        } else if (!free(address, port, mapping.protocol())) {
            throw taken(mapping.hostIp(), port);
        }
        String request = "{\"execute\":\"add_hostfwd\",\"arguments\":{\"proto\":\"" + mapping.protocol()
                + "\",\"host_addr\":\"" + address.getHostAddress() + "\",\"host_port\":" + port
                + ",\"guest_port\":" + mapping.containerPort() + "}}";
        JsonNode reply = call(request);
        if (reply.has("error")) {
            // the port taken between our check and slirp4netns' bind: the same words
            if (!free(address, port, mapping.protocol())) {
                throw taken(mapping.hostIp(), port);
            }
            throw new IOException("slirp4netns could not publish " + mapping.boundTo(port) + ": "
                    + reply.path("error").path("desc").asText());
        }
        return mapping.boundTo(port);
    }

    /**
     * Hands slirp4netns over to whoever keeps the container: {@link #close} no longer stops it; {@link #recover}
     * with this network's directory does.
     */
    public synchronized void detach() {
        closed = true;
    }

    private JsonNode call(String request) throws IOException {
        try (SocketChannel channel = connect()) {
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
            channel.shutdownOutput();
            byte[] reply = Channels.newInputStream(channel).readNBytes(64 * 1024);
            return OciJson.readTree(reply);
        }
    }

    /**
     * Connects to the API socket. The socket is our sign of readiness, but slirp4netns binds it a moment before it
     * listens, and a connection in between is refused: try again, briefly.
     */
    private SocketChannel connect() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_000);
        while (true) {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket(dir)));
                return channel;
            } catch (ConnectException e) {
                channel.close();
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while connecting to slirp4netns");
            }
        }
    }

    private static IOException taken(String ip, int port) {
        return new IOException("Bind for " + ip + ":" + port + " failed: port is already allocated");
    }

    private static int firstFree(InetAddress address, PortMapping m) throws IOException {
        for (int p = m.hostPort(); p <= m.hostPortEnd(); p++) {
            if (free(address, p, m.protocol())) {
                return p;
            }
        }
        throw new IOException("Bind for " + m.hostIp() + ":" + m.hostPort() + "-" + m.hostPortEnd()
                + " failed: every port of the range is already allocated");
    }

    private static boolean free(InetAddress address, int port, String protocol) {
        try {
            if (protocol.equals("udp")) {
                new DatagramSocket(new InetSocketAddress(address, port)).close();
            } else {
                try (ServerSocket s = new ServerSocket()) {
                    s.bind(new InetSocketAddress(address, port));
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort(InetAddress address, String protocol) throws IOException {
        if (protocol.equals("udp")) {
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(address, 0))) {
                return s.getLocalPort();
            }
        }
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(address, 0));
            return s.getLocalPort();
        }
    }

    private void awaitSocket() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
        while (!Files.exists(socket(dir))) {
            if (!slirp.isAlive()) {
                throw exited();
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("slirp4netns made no API socket " + socket(dir) + " within "
                        + READY_TIMEOUT_MS + " ms: " + log());
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while starting slirp4netns");
            }
        }
    }

    /** A resolv.conf for the container: slirp4netns' forwarder, which asks the host's name servers. */
    public static String resolvConf() {
        return "nameserver " + DNS + "\n";
    }

    private void awaitReady() throws IOException {
        InputStream ready = slirp.getInputStream();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
        try {
            while (ready.available() == 0) {
                if (!slirp.isAlive()) {
                    throw exited();
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("slirp4netns was not ready within " + READY_TIMEOUT_MS + " ms: " + log());
                }
                Thread.sleep(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while starting slirp4netns");
        }
        if (ready.read() != '1') {
            throw new IOException("slirp4netns failed: " + log());
        }
    }

    private IOException exited() {
        if (slirp.exitValue() == 127) { // from sh or setsid: no such program
            return new IOException("slirp4netns, which gives containers their private network, is not"
                    + " installed (Debian package slirp4netns; --network host or none do without it)");
        }
        return new IOException("slirp4netns failed (exit code " + slirp.exitValue() + "): " + log());
    }

    private String log() {
        try {
            return Files.readString(dir.resolve(LOG), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops slirp4netns (closing its exit pipe, then by signal) and removes the namespace's mount and file. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            slirp.getOutputStream().close();
        } catch (IOException e) {
            // already closed: it has exited
        }
        if (options.outlivesJvm()) {
            slirp.destroy(); // no exit pipe to close
        }
        Processes.awaitOrKill(slirp, 2);
        Files.deleteIfExists(dir.resolve(PID));
        Files.deleteIfExists(socket(dir));
        unbind(namespace);
    }

    /**
     * For a step whose owner is dead: kills its slirp4netns if one still serves the namespace in {@code dir} (its
     * exit pipe normally ended it with the owner), and removes the namespace's mount and file. Tells whether
     * anything was there.
     */
    public static boolean recover(Path dir) throws IOException {
        boolean found = false;
        try {
            long pid = Long.parseLong(Files.readString(dir.resolve(PID), StandardCharsets.US_ASCII).strip());
            Path namespace = dir.resolve(NAMESPACE);
            found = ProcessHandle.of(pid).filter(p -> p.info().commandLine()
                    .map(c -> c.contains("slirp4netns") && c.contains(namespace.toString())).orElse(false))
                    .map(ProcessHandle::destroyForcibly).orElse(false);
            Files.deleteIfExists(dir.resolve(PID));
        } catch (NoSuchFileException | NumberFormatException e) {
            // no slirp4netns was started there
        }
        Files.deleteIfExists(socket(dir));
        // (a link to a process's namespace is there even once that process is gone)
        if (Files.exists(dir.resolve(NAMESPACE), LinkOption.NOFOLLOW_LINKS)) {
            unbind(dir.resolve(NAMESPACE));
            found = true;
        }
        return found;
    }

    private static void unbind(Path namespace) throws IOException {
        if (Mounts.isMountPoint(namespace)) {
            Mounts.unmount(namespace);
        }
        Files.deleteIfExists(namespace);
    }
}
