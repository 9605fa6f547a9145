package io.jbuild.core.exec;

import io.jbuild.core.snapshot.HostCommand;
import io.jbuild.core.snapshot.Mounts;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
 */
public final class SlirpNetwork implements AutoCloseable {

    /** The container's name server (slirp4netns' DNS forwarder). */
    public static final String DNS = "10.0.2.3";

    private static final String NAMESPACE = "netns";
    private static final String PID = "slirp4netns.pid";
    private static final String LOG = "slirp4netns.log";
    private static final long READY_TIMEOUT_MS = 10_000;

    private final Path dir;
    private final Process slirp;
    private boolean closed;

    private SlirpNetwork(Path dir, Process slirp) {
        this.dir = dir;
        this.slirp = slirp;
    }

    /**
     * Makes the namespace at {@code dir/netns} and starts slirp4netns for it; returns when the namespace's
     * interfaces, address, route and DNS are up. {@code dir} must exist; its files are this network's.
     *
     * @throws IOException when slirp4netns is missing or fails (its log is in the message); nothing is left behind
     */
    public static SlirpNetwork start(Path dir) throws IOException {
        return start(dir, false);
    }

    /**
     * As {@link #start(Path)}, for a container that outlives this JVM: slirp4netns gets no exit pipe and a session
     * of its own (a Ctrl-C here does not reach it), so it serves the namespace until {@link #recover(Path)} stops
     * it. The returned object only tells the namespace; do not close it while the container runs.
     */
    public static SlirpNetwork startDetached(Path dir) throws IOException {
        return start(dir, true);
    }

    private static SlirpNetwork start(Path dir, boolean detached) throws IOException {
        Path namespace = dir.resolve(NAMESPACE);
        Files.createFile(namespace);
        try {
            HostCommand.check(List.of("unshare", "--net=" + namespace, "true"), null,
                    "cannot create a network namespace");
        } catch (IOException e) {
            Files.deleteIfExists(namespace);
            throw e;
        }
        Process process;
        try {
            // fd 3 tells readiness on our stdout; slirp4netns' own chatter goes to the log.
            List<String> cmd = new java.util.ArrayList<>(List.of("sh", "-c", "exec slirp4netns --configure --mtu=65520 "
                    + "--disable-host-loopback --netns-type=path " + (detached ? "" : "--exit-fd=0 ")
                    + "--ready-fd=3 \"$1\" tap0 3>&1 1>&2", "sh", namespace.toString()));
            if (detached) {
                cmd.add(0, "setsid");
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve(LOG).toFile());
            if (detached) {
                pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            process = pb.start();
        } catch (IOException e) {
            unbind(namespace);
            throw e;
        }
        SlirpNetwork network = new SlirpNetwork(dir, process);
        try {
            Files.writeString(dir.resolve(PID), Long.toString(process.pid()), StandardCharsets.US_ASCII);
            network.awaitReady();
            if (detached) {
                network.closed = true; // its close() would stop it: recover(dir) does that
            }
            return network;
        } catch (IOException | RuntimeException e) {
            network.close();
            throw e;
        }
    }

    /** The namespace's file, for the runtime spec's {@code linux.namespaces[].path}. */
    public Path namespace() {
        return dir.resolve(NAMESPACE);
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
                    if (slirp.exitValue() == 127) {
                        throw new IOException("slirp4netns, which gives containers their private network, is not"
                                + " installed (Debian package slirp4netns; --network host or none do without it)");
                    }
                    throw new IOException("slirp4netns failed (exit code " + slirp.exitValue() + "): " + log());
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
        if (!waitFor(slirp, 2)) {
            slirp.destroyForcibly();
            waitFor(slirp, 5);
        }
        Files.deleteIfExists(dir.resolve(PID));
        unbind(namespace());
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
        if (Files.exists(dir.resolve(NAMESPACE))) {
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

    private static boolean waitFor(Process p, int seconds) {
        try {
            return p.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }
}
