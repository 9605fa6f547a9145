package io.jbuild.core.fs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;

/**
 * Exclusive locks on lock files, between processes and between the threads of this one.
 *
 * <p>A file lock belongs to the whole process: the JVM refuses a second lock of a file it has locked, and closing
 * <em>any</em> channel of that file drops all of the process's locks on it. So a check such as "is this step's lock
 * stale?", made by opening the file, silently released the lock when this process itself held it, and another
 * process then took the live step for a dead one. Here a lock file is opened only by the thread that takes it, and
 * the table below, which mirrors the kernel's per-process lock table and is therefore process-wide, tells every
 * other thread that this process holds it.
 */
public final class ProcessLocks {

    private static final ConcurrentMap<Path, Held> HELD = new ConcurrentHashMap<>();

    private ProcessLocks() {
    }

    /** Takes {@code file}'s lock (creating the file) if nobody, here or elsewhere, holds it; else null. */
    public static Held tryLock(Path file) throws IOException {
        Held held = new Held(key(file));
        if (HELD.putIfAbsent(held.file, held) != null) {
            return null;
        }
        return held.take(false, false) ? held : null;
    }

    /** Takes {@code file}'s lock (creating the file), waiting for its holders in this and other processes. */
    public static Held lock(Path file) throws IOException {
        return lock(file, false);
    }

    /** Creates {@code file}, which must not exist, and takes its lock. */
    public static Held lockNew(Path file) throws IOException {
        return lock(file, true);
    }

    /** Work done under a lock. */
    @FunctionalInterface
    public interface LockedAction {
        void run() throws IOException;
    }

    /**
     * Runs {@code action} if nobody holds {@code file}'s lock (its owner died), then deletes the lock file while
     * still holding it; tells whether it ran. A failing action leaves the lock file for a later try.
     */
    public static boolean ifAbandoned(Path file, LockedAction action) throws IOException {
        Held held = tryLock(file);
        if (held == null) {
            return false; // alive, in this process or another
        }
        try {
            action.run();
        } catch (IOException | RuntimeException e) {
            held.close();
            throw e;
        }
        held.deleteAndClose();
        return true;
    }

    private static Held lock(Path file, boolean createNew) throws IOException {
        Path key = key(file);
        while (true) {
            Held held = new Held(key);
            Held holder = HELD.putIfAbsent(key, held);
            if (holder == null) {
                held.take(true, createNew);
                return held;
            }
            holder.awaitRelease();
        }
    }

    private static Path key(Path file) {
        return file.toAbsolutePath().normalize();
    }

    /** A lock this process holds; closing it (from any thread) releases it. */
    public static final class Held implements AutoCloseable {
        private final Path file;
        private final CountDownLatch released = new CountDownLatch(1);
        private FileChannel channel;
        private FileLock lock;

        private Held(Path file) {
            this.file = file;
        }

        public Path file() {
            return file;
        }

        /** Opens the file and locks it; on failure or refusal the table entry is given up again. */
        private boolean take(boolean wait, boolean createNew) throws IOException {
            try {
                channel = FileChannel.open(file, createNew ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                lock = wait ? channel.lock() : channel.tryLock();
                if (lock != null) {
                    return true;
                }
            } catch (IOException | RuntimeException e) {
                giveUp();
                throw e;
            }
            giveUp();
            return false;
        }

        private void giveUp() throws IOException {
            try {
                if (channel != null) {
                    channel.close();
                }
            } finally {
                HELD.remove(file, this);
                released.countDown();
            }
        }

        private void awaitRelease() throws InterruptedIOException {
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted waiting for the lock " + file);
            }
        }

        /** Deletes the lock file while still holding it (so nobody takes it in between), then releases it. */
        public void deleteAndClose() throws IOException {
            try {
                Files.deleteIfExists(file);
            } finally {
                close();
            }
        }

        @Override
        public synchronized void close() throws IOException {
            if (released.getCount() == 0) {
                return;
            }
            // The channel goes before the table entry: no thread of ours opens the file while we still have it.
            giveUp();
        }
    }
}
