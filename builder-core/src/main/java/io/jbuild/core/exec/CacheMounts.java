package io.jbuild.core.exec;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * The persistent directories of {@code RUN --mount=type=cache}: {@code ROOT/<sha256 of id>[-N]/data}, kept
 * between builds. {@code locked} takes an exclusive lock on the cache for the whole step (a file lock for other
 * processes, a lock object for other threads, since a JVM holds file locks for the whole process); {@code private}
 * takes the first instance nobody holds; {@code shared} takes no lock.
 */
final class CacheMounts {

    private final Path root;
    private final ConcurrentHashMap<String, Semaphore> localLocks = new ConcurrentHashMap<>();

    CacheMounts(Path root) {
        this.root = root;
    }

    /** A cache directory in use by one step; {@link #close()} lets others have it. */
    interface Lease extends AutoCloseable {
        Path dir();

        @Override
        void close() throws IOException;
    }

    Lease acquire(ContainerMount.Cache cache) throws IOException {
        String key = HexFormat.of().formatHex(sha256(cache.id()));
        return switch (cache.sharing()) {
            case SHARED -> lease(cache, key, null);
            case LOCKED -> lease(cache, key, lock(key, true));
            case PRIVATE -> {
                for (int n = 0; ; n++) {
                    String instance = n == 0 ? key : key + "-" + n;
                    Lock lock = lock(instance, false);
                    if (lock != null) {
                        yield lease(cache, instance, lock);
                    }
                }
            }
        };
    }

    private Lease lease(ContainerMount.Cache cache, String instance, Lock lock) throws IOException {
        Path dir = root.resolve(instance).resolve("data");
        try {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir);
                // uid, gid and mode of a new cache, as BuildKit's "[internal] setting cache mount permissions"
                Files.setAttribute(dir, "unix:uid", (int) cache.uid(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(dir, "unix:gid", (int) cache.gid(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(dir, "unix:mode", cache.mode(), LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException | RuntimeException e) {
            if (lock != null) {
                lock.close();
            }
            throw e;
        }
        return new Lease() {
            @Override
            public Path dir() {
                return dir;
            }

            @Override
            public void close() throws IOException {
                if (lock != null) {
                    lock.close();
                }
            }
        };
    }

    /** A held lock of one cache instance. */
    private record Lock(Semaphore local, FileChannel channel, FileLock file) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            try {
                file.release();
                channel.close();
            } finally {
                local.release();
            }
        }
    }

    /** Takes {@code instance}'s lock, waiting if {@code wait}, else returning null when it is busy. */
    private Lock lock(String instance, boolean wait) throws IOException {
        // A semaphore, not a ReentrantLock: cleanup may release it from another thread (the shutdown hook).
        Semaphore local = localLocks.computeIfAbsent(instance, k -> new Semaphore(1));
        if (wait) {
            try {
                local.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted waiting for a locked cache mount");
            }
        } else if (!local.tryAcquire()) {
            return null;
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(root);
            channel = FileChannel.open(root.resolve(instance + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock file;
            while (true) {
                try {
                    file = wait ? channel.lock() : channel.tryLock();
                    break;
                } catch (OverlappingFileLockException e) {
                    // another executor of this JVM holds it
                    if (!wait) {
                        file = null;
                        break;
                    }
                    pause();
                }
            }
            if (file == null) {
                channel.close();
                local.release();
                return null;
            }
            return new Lock(local, channel, file);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            local.release();
            throw e;
        }
    }

    private static void pause() throws InterruptedIOException {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for a locked cache mount");
        }
    }

    private static byte[] sha256(String id) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
