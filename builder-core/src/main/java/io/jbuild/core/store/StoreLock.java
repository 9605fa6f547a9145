package io.jbuild.core.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store's exclusive lock, held while {@code index.json} is rewritten or blobs are deleted. It excludes
 * other threads (a {@link ReentrantLock}) and other processes (a {@link FileLock} on the lock file); the
 * operating system drops the file lock when a process dies, so a crash never leaves the store locked.
 */
final class StoreLock {

    /*
     * One instance per lock file per JVM, whichever ImageStore asks for it. File locks belong to the whole
     * process: a JVM cannot lock the same file twice, and closing any channel of a file drops all of the
     * process's locks on it. So each lock file gets one channel that is never closed, and threads queue on the
     * ReentrantLock in front of it. This registry is the one piece of process-wide state in the store.
     */
    private static final ConcurrentMap<Path, StoreLock> LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final ReentrantLock threads = new ReentrantLock();
    private FileChannel channel;
    private FileLock fileLock;

    private StoreLock(Path file) {
        this.file = file;
    }

    static StoreLock of(Path file) throws IOException {
        if (!Files.exists(file)) {
            try {
                Files.createFile(file);
            } catch (FileAlreadyExistsException e) {
                // another process made it first
            }
        }
        return LOCKS.computeIfAbsent(file.toRealPath(), StoreLock::new);
    }

    /** Blocks until this thread holds the lock; reentrant; release with {@link Held#close()}. */
    Held acquire() throws IOException {
        threads.lock();
        try {
            if (threads.getHoldCount() == 1) {
                if (channel == null || !channel.isOpen()) {
                    // A channel is closed by an interrupt during lock(); open a new one then.
                    channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                }
                fileLock = channel.lock();
            }
        } catch (IOException | RuntimeException e) {
            threads.unlock();
            throw e;
        }
        return new Held();
    }

    boolean isHeldByCurrentThread() {
        return threads.isHeldByCurrentThread();
    }

    /** A held lock; closing releases it. */
    final class Held implements AutoCloseable {
        private boolean closed;

        private Held() {
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (threads.getHoldCount() == 1 && fileLock != null) {
                    FileLock l = fileLock;
                    fileLock = null;
                    if (l.isValid()) {
                        l.release();
                    }
                }
            } finally {
                threads.unlock();
            }
        }
    }
}
