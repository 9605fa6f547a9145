package io.jbuild.core.exec;

import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.fs.ProcessLocks;
import io.jbuild.core.snapshot.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The persistent directories of {@code RUN --mount=type=cache}: {@code ROOT/<sha256 of id>[-N]/data}, kept
 * between builds. {@code locked} takes an exclusive lock on the cache for the whole step (against other processes
 * and other threads alike); {@code private}
 * takes the first instance nobody holds; {@code shared} takes no lock. A cache that is absent or empty is first
 * offered to the {@link CacheMountSeed} (a {@code --cache-from} cache's copy of it).
 */
final class CacheMounts {

    private final Path root;
    private final CacheMountSeed seed;

    CacheMounts(Path root, CacheMountSeed seed) {
        this.root = root;
        this.seed = seed;
    }

    /** Where the cache {@code id}'s first instance keeps its files under {@code root}. */
    static Path dataDir(Path root, String id) {
        return root.resolve(HexFormat.of().formatHex(sha256(id))).resolve("data");
    }

    /** A cache directory in use by one step; {@link #close()} lets others have it. */
    interface Lease extends AutoCloseable {
        Path dir();

        @Override
        void close() throws IOException;
    }

    Lease acquire(ContainerMount.Cache cache) throws IOException {
        String key = dataDir(root, cache.id()).getParent().getFileName().toString();
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
                owner(dir, cache);
            }
            if (seed != CacheMountSeed.NONE && empty(dir)) {
                seed(cache, instance, dir);
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

    /** uid, gid and mode of a new cache, as BuildKit's "[internal] setting cache mount permissions". */
    private static void owner(Path dir, ContainerMount.Cache cache) throws IOException {
        Files.setAttribute(dir, "unix:uid", (int) cache.uid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(dir, "unix:gid", (int) cache.gid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(dir, "unix:mode", cache.mode(), LinkOption.NOFOLLOW_LINKS);
    }

    private static boolean empty(Path dir) throws IOException {
        try (var names = Files.list(dir)) {
            return names.findAny().isEmpty();
        }
    }

    /**
     * Offers the empty cache to the seed: it writes into a directory of its own beside {@code dir}, which then
     * replaces the empty one in one rename, so a failed or killed seed leaves the cache empty, never half-filled. The
     * seed lock keeps two steps (a {@code sharing=shared} cache takes no other) from seeding it at once.
     */
    private void seed(ContainerMount.Cache cache, String instance, Path dir) throws IOException {
        try (ProcessLocks.Held held = lock(instance + ".seed", true)) {
            if (!empty(dir)) {
                return; // another step seeded it while this one waited
            }
            Path fresh = dir.resolveSibling("seed-" + UUID.randomUUID());
            try {
                Files.createDirectory(fresh);
                if (seed.fill(cache.id(), fresh)) {
                    owner(fresh, cache);
                    Files.move(fresh, dir, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                if (Files.exists(fresh, LinkOption.NOFOLLOW_LINKS)) {
                    FileTrees.delete(fresh);
                }
            }
        }
    }

    /** Takes {@code instance}'s lock, waiting if {@code wait}, else returning null when it is busy. */
    private ProcessLocks.Held lock(String instance, boolean wait) throws IOException {
        Files.createDirectories(root);
        Path file = root.resolve(instance + ".lock");
        return wait ? ProcessLocks.lock(file) : ProcessLocks.tryLock(file);
    }

    private static byte[] sha256(String id) {
        return Digest.newMessageDigest(Digest.SHA256).digest(id.getBytes(StandardCharsets.UTF_8));
    }
}
