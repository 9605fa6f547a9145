package io.jbuild.core.exec;

import io.jbuild.core.fs.ProcessLocks;
import io.jbuild.core.snapshot.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;

/**
 * The private networks of one build's RUN steps, kept from one step to the next as BuildKit keeps a pool of network
 * namespaces: a step takes an idle one or a new one, and gives it back when its container is gone, so a chain of
 * steps pays for one namespace and one slirp4netns instead of one each. Steps running at the same time (parallel
 * stages) never share one.
 *
 * <p>Each network lives in {@code runs/<id>/network} with the lock {@code runs/<id>.lock} held for its lifetime,
 * laid out as a step's own network is: another build's {@link RunExecutor#recover()} leaves it alone while this JVM
 * lives, and undoes it (namespace mount, slirp4netns) once a killed JVM has left it.
 */
final class StepNetworks implements AutoCloseable {

    private final Path runs;
    private final SecureRandom random = new SecureRandom();
    private final Deque<Pooled> idle = new ArrayDeque<>();
    private final List<Pooled> made = new ArrayList<>();
    /** Undoes the networks when the JVM exits (Ctrl-C) before the build closes them; made with the first one. */
    private ExitHook hook;
    private boolean closed;

    /** One network of the pool and what holds it there. */
    private static final class Pooled {
        private final ProcessLocks.Held lock;
        private final Path dir;
        private final SlirpNetwork network;
        private boolean closed;

        Pooled(ProcessLocks.Held lock, Path dir, SlirpNetwork network) {
            this.lock = lock;
            this.dir = dir;
            this.network = network;
        }

        SlirpNetwork network() {
            return network;
        }

        /** Once: a step giving it back and the exit hook may both get here. */
        synchronized void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                network.close();
                FileTrees.delete(dir);
            } finally {
                lock.deleteAndClose();
            }
        }
    }

    /** A network lent to one step; {@link #close()} gives it back. */
    final class Lease implements AutoCloseable {
        private final Pooled pooled;
        private boolean returned;

        private Lease(Pooled pooled) {
            this.pooled = pooled;
        }

        /** The namespace's file, for the runtime spec. */
        Path namespace() {
            return pooled.network().namespace();
        }

        /** Gives the network back, once the step's processes are gone. */
        @Override
        public void close() throws IOException {
            if (!returned) {
                returned = true;
                giveBack(pooled);
            }
        }
    }

    /** @param runs the executor's directory of steps, where the networks' directories and locks go */
    StepNetworks(Path runs) {
        this.runs = runs;
    }

    /** An idle network, or a new one when none is idle. */
    Lease take() throws IOException {
        synchronized (this) {
            if (closed) {
                throw new IOException("the build's networks are closed");
            }
            while (!idle.isEmpty()) {
                Pooled p = idle.pop();
                if (p.network().isAlive()) {
                    return new Lease(p);
                }
                made.remove(p);
                p.close(); // its slirp4netns died: a new one below
            }
        }
        Pooled p = start(); // outside the lock: parallel stages start theirs at the same time
        synchronized (this) {
            if (closed) {
                p.close();
                throw new IOException("the build's networks are closed");
            }
            made.add(p);
            if (hook == null) {
                hook = new ExitHook("jbuild-networks", this::closeQuietly);
            }
        }
        return new Lease(p);
    }

    private Pooled start() throws IOException {
        String id = "jbuild-net-" + HexFormat.of().formatHex(randomBytes());
        ProcessLocks.Held lock = ProcessLocks.lockNew(runs.resolve(id + ".lock"));
        Path dir = null;
        try {
            dir = Files.createDirectory(runs.resolve(id));
            SlirpNetwork network = SlirpNetwork.start(Files.createDirectory(dir.resolve("network")));
            return new Pooled(lock, dir, network);
        } catch (IOException | RuntimeException e) {
            try {
                if (dir != null) {
                    FileTrees.delete(dir);
                }
            } finally {
                lock.deleteAndClose();
            }
            throw e;
        }
    }

    private synchronized byte[] randomBytes() {
        byte[] b = new byte[8];
        random.nextBytes(b);
        return b;
    }

    private void giveBack(Pooled p) throws IOException {
        synchronized (this) {
            if (!closed && p.network().isAlive()) {
                idle.push(p);
                return;
            }
            made.remove(p);
        }
        p.close();
    }

    /** Stops every network; one still lent is stopped too (its step is over or failing with the build). */
    @Override
    public void close() throws IOException {
        List<Pooled> all;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            all = new ArrayList<>(made);
            made.clear();
            idle.clear();
            if (hook != null) {
                hook.remove();
            }
        }
        IOException first = null;
        for (Pooled p : all) {
            try {
                p.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException | RuntimeException e) {
            System.err.println("jbuild: stopping the build's networks failed: " + e.getMessage());
        }
    }
}
