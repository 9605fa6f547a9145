package io.jbuild.core.export;

import io.jbuild.core.exec.ExitHook;
import io.jbuild.core.image.Descriptor;
import io.jbuild.core.layer.LayerApplier;
import io.jbuild.core.snapshot.FileTrees;
import io.jbuild.core.snapshot.Mounts;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.ResolvedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code type=local,dest=DIR}: the image's file system written into DIR as BuildKit's local exporter does. The
 * image's files replace same-named ones (a symlink of DIR is replaced, never written through); nothing else in DIR
 * is removed. The layers are first unpacked into a private directory inside DIR (same file system, so the merge is
 * renames only): a bad layer fails before DIR changes. Another file system mounted inside DIR is never written
 * into or emptied: an image that would need to is refused before anything is written.
 */
final class LocalExport {

    private static final long MAX_LAYER_BYTES = 64L << 30;
    private static final String TEMP_PREFIX = ".jbuild-export-";

    private final ImageStore store;
    private final boolean root;

    LocalExport(ImageStore store) {
        this.store = store;
        this.root = isRoot();
    }

    void write(ResolvedImage image, Path dest) throws IOException {
        Files.createDirectories(dest);
        Path dir = dest.toRealPath();
        // Private while it holds the image's setuid files and device nodes.
        Path unpacked = Files.createDirectory(dir.resolve(TEMP_PREFIX + HexFormat.of().formatHex(random())),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        ExitHook hook = new ExitHook("jbuild-export-cleanup", () -> {
            try {
                FileTrees.delete(unpacked);
            } catch (IOException ignored) {
                // the JVM is exiting: what is left is a private dot-directory of DIR
            }
        });
        try {
            LayerApplier applier = new LayerApplier(MAX_LAYER_BYTES);
            for (Descriptor layer : image.manifest().layers()) {
                try (InputStream in = store.blobs().open(layer.digest())) {
                    applier.apply(in, unpacked);
                } catch (IOException e) {
                    throw new IOException("layer " + layer.digest() + ": " + e.getMessage(), e);
                }
            }
            List<Path> mounts = new ArrayList<>(Mounts.under(dir));
            mounts.remove(dir);
            checkMounts(unpacked, dir, mounts);
            merge(unpacked, dir, mounts);
        } finally {
            FileTrees.delete(unpacked);
            hook.remove();
        }
    }

    /** Refuses, before anything is written, an image that would write into or replace a mount inside DIR. */
    private static void checkMounts(Path unpacked, Path dir, List<Path> mounts) throws IOException {
        if (mounts.isEmpty()) {
            return;
        }
        Files.walkFileTree(unpacked, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                if (!d.equals(unpacked)) {
                    check(d, true);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                check(file, false);
                return FileVisitResult.CONTINUE;
            }

            private void check(Path entry, boolean isDir) throws IOException {
                String rel = unpacked.relativize(entry).toString();
                Path target = dir.resolve(rel);
                boolean merges = isDir && Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS);
                for (Path m : mounts) {
                    boolean into = target.startsWith(m) && !(target.equals(m) && merges);
                    boolean over = m.startsWith(target) && !merges;
                    if (into || over) {
                        throw new IOException("cannot export to " + dir + ": the image's /" + rel + " would "
                                + (into ? "go into " : "replace ") + m + ", where another file system is mounted"
                                + " (jbuild does not write across mounts)");
                    }
                }
            }
        });
    }

    /** Moves {@code from}'s entries into {@code to}: directories merge, everything else replaces. */
    private void merge(Path from, Path to, List<Path> mounts) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(from)) {
            s.forEach(children::add);
        }
        for (Path child : children) {
            Path target = to.resolve(child.getFileName().toString());
            boolean isDir = Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS);
            if (isDir && Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                merge(child, target, mounts);
                if (!mounts.contains(target)) {
                    copyMetadata(child, target);
                }
                continue;
            }
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                    && (isDir || Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS))) {
                FileTrees.deleteWithinFileSystem(target); // rename replaces files and symlinks itself, not a directory or by one
            }
            Files.move(child, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** The image directory's mode, owner and time onto the directory of DIR it merged into, never through a link. */
    private void copyMetadata(Path from, Path to) throws IOException {
        Map<String, Object> a = Files.readAttributes(from, "unix:mode,uid,gid,lastModifiedTime",
                LinkOption.NOFOLLOW_LINKS);
        if (root) {
            Files.setAttribute(to, "unix:uid", a.get("uid"), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(to, "unix:gid", a.get("gid"), LinkOption.NOFOLLOW_LINKS);
        }
        Files.setAttribute(to, "unix:mode", (Integer) a.get("mode") & 07777, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(to, "basic:lastModifiedTime", a.get("lastModifiedTime"), LinkOption.NOFOLLOW_LINKS);
    }

    private static byte[] random() {
        byte[] b = new byte[6];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
