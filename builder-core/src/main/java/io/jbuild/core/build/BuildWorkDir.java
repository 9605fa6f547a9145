package io.jbuild.core.build;

import io.jbuild.core.exec.ExitHook;
import io.jbuild.core.fs.ProcessLocks;
import io.jbuild.core.snapshot.FileTrees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One build's scratch directory, {@code build/<id>/} in the store, with a lock file {@code build/<id>.lock} held
 * while the build lives. Closing it deletes it; so does a shutdown hook when the JVM ends on Ctrl-C or SIGTERM.
 * A build killed with SIGKILL leaves its directory behind with a lock nobody holds: the next build deletes it.
 */
final class BuildWorkDir implements AutoCloseable {

    private final Path dir;
    private final ProcessLocks.Held lock;
    private final ExitHook hook;
    private boolean closed;

    private BuildWorkDir(Path dir, ProcessLocks.Held lock) {
        this.dir = dir;
        this.lock = lock;
        this.hook = new ExitHook("jbuild-build-cleanup", this::deleteQuietly);
    }

    /** Deletes what killed builds left under {@code parent}, then makes a new directory there. */
    static BuildWorkDir create(Path parent) throws IOException {
        Files.createDirectories(parent);
        recover(parent);
        String id = UUID.randomUUID().toString();
        ProcessLocks.Held lock = ProcessLocks.lockNew(parent.resolve(id + ".lock"));
        try {
            return new BuildWorkDir(Files.createDirectory(parent.resolve(id)), lock);
        } catch (IOException | RuntimeException e) {
            lock.deleteAndClose();
            throw e;
        }
    }

    Path path() {
        return dir;
    }

    /** Deletes the directories (and lock files) of builds whose lock nobody holds; returns how many. */
    static int recover(Path parent) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(parent)) {
            s.forEach(entries::add);
        }
        int removed = 0;
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            if (name.endsWith(".lock")) {
                continue;
            }
            // Directories of older versions (rootfs-*) have no lock file: nobody can hold it either.
            if (deleteIfStale(parent.resolve(name + ".lock"), entry)) {
                removed++;
            }
        }
        // Lock files without a directory (killed between the two). Only old ones: a young one may be a build's
        // that has created its lock file and not locked it yet.
        Instant cutoff = Instant.now().minusSeconds(60);
        try (DirectoryStream<Path> s = Files.newDirectoryStream(parent, "*.lock")) {
            for (Path lockFile : s) {
                String name = lockFile.getFileName().toString();
                Path dir = parent.resolve(name.substring(0, name.length() - ".lock".length()));
                if (!Files.exists(dir) && Files.getLastModifiedTime(lockFile).toInstant().isBefore(cutoff)) {
                    deleteIfStale(lockFile, dir);
                }
            }
        } catch (NoSuchFileException e) {
            // deleted by another build's recovery meanwhile
        }
        return removed;
    }

    private static boolean deleteIfStale(Path lockFile, Path dir) throws IOException {
        return ProcessLocks.ifAbandoned(lockFile, () -> {
            if (Files.exists(dir)) {
                FileTrees.delete(dir);
            }
        });
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (Files.exists(dir)) {
                FileTrees.delete(dir);
            }
        } finally {
            try {
                lock.deleteAndClose();
            } finally {
                hook.remove();
            }
        }
    }

    private void deleteQuietly() {
        try {
            close();
        } catch (IOException | RuntimeException e) {
            System.err.println("jbuild: could not delete the build directory " + dir + ": " + e.getMessage());
        }
    }
}
