package io.jbuild.core.exec;

import io.jbuild.core.fs.ProcessLocks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The persistent directories of {@code RUN --mount=type=cache}: {@code ROOT/<sha256 of id>[-N]/data}, kept
 * between builds. {@code locked} takes an exclusive lock on the cache for the whole step (against other processes
 * and other threads alike); {@code private}
 * takes the first instance nobody holds; {@code shared} takes no lock.
 */
final class CacheMounts {

    private final Path root;

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
                    ProcessLocks.Held lock = lock(instance, false);
                    if (lock != null) {
                        yield lease(cache, instance, lock);
                    }
                }
            }
        };
    }

    private Lease lease(ContainerMount.Cache cache, String instance, ProcessLocks.Held lock) throws IOException {
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

    /** Takes {@code instance}'s lock, waiting if {@code wait}, else returning null when it is busy. */
    private ProcessLocks.Held lock(String instance, boolean wait) throws IOException {
        Files.createDirectories(root);
        Path file = root.resolve(instance + ".lock");
        return wait ? ProcessLocks.lock(file) : ProcessLocks.tryLock(file);
    }

    private static byte[] sha256(String id) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
