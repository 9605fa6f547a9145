package io.jbuild.core.snapshot;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Deleting the directories the executor and the snapshot store own. */
public final class FileTrees {

    private FileTrees() {
    }

    /**
     * Deletes {@code tree} and all below it, never following symlinks. Anything still mounted below it is
     * unmounted first, and the walk refuses to cross into another file system, so a mount that could not be
     * removed is never emptied through (an overlay's lowers are shared snapshots).
     */
    public static void delete(Path tree) throws IOException {
        if (!Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Mounts.unmountAll(tree);
        deleteWithinFileSystem(tree);
    }

    /**
     * Deletes {@code tree} and all below it, never following symlinks and never crossing into another file system:
     * a mount below it is an error, and nothing is unmounted (for trees that are not ours, such as an export's
     * destination).
     */
    public static void deleteWithinFileSystem(Path tree) throws IOException {
        if (!Files.isDirectory(tree, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(tree);
            return;
        }
        Object device = Files.getAttribute(tree, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!device.equals(Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS))) {
                    throw new IOException("refusing to delete " + dir + ": another file system is mounted there");
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
