package io.jbuild.core.container.cp;

import io.jbuild.core.snapshot.HostCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Writes copied nodes at given host paths the way docker's extraction does for {@code cp}: an existing directory
 * takes a directory's contents (its metadata replaced), an existing file or symlink is replaced by a file or
 * symlink, and a directory is never replaced by a non-directory nor the reverse. Nothing is written through a
 * symlink at the target: an existing one is removed first and files are created exclusively.
 */
final class NodeWriter {

    private final Owners owners;
    private final Path shownRoot;

    /**
     * @param shownRoot paths in messages are shown relative to it, as {@code /x} (the container's root); null: as
     *                  they are
     */
    NodeWriter(Owners owners, Path shownRoot) {
        this.owners = owners;
        this.shownRoot = shownRoot;
    }

    /** Makes {@code target} a directory (keeping an existing one); its metadata comes with {@link #finish}. */
    void directory(Path target) throws IOException {
        BasicFileAttributes existing = lstat(target);
        if (existing == null) {
            Files.createDirectory(target);
        } else if (!existing.isDirectory()) {
            throw new CopyException("cannot overwrite non-directory \"" + shown(target) + "\" with directory");
        }
    }

    /** Writes a regular file at {@code target} from {@code content}; a copy that fails midway leaves no part of it. */
    void file(Path target, InputStream content) throws IOException {
        clear(target);
        boolean done = false;
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            content.transferTo(out);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(target); // the file just created: CREATE_NEW made it, not a link
            }
        }
    }

    /** Makes {@code target} another name of the file {@code existing} already written by this copy. */
    void link(Path target, Path existing) throws IOException {
        clear(target);
        Files.createLink(target, existing);
    }

    /** Writes {@code node} when it is neither a directory nor a regular file; false for a socket (skipped). */
    boolean special(Path target, Node node) throws IOException {
        if (node.type() == Node.Type.SOCKET) {
            return false;
        }
        clear(target);
        if (node.type() == Node.Type.SYMLINK) {
            Files.createSymbolicLink(target, Path.of(node.linkTarget()));
            return true;
        }
        String type = switch (node.type()) {
            case FIFO -> "p";
            case CHAR_DEVICE -> "c";
            default -> "b";
        };
        List<String> cmd = node.type() == Node.Type.FIFO ? List.of("mknod", target.toString(), type)
                : List.of("mknod", target.toString(), type, Long.toString(major(node.rdev())),
                        Long.toString(minor(node.rdev())));
        HostCommand.check(cmd, null, "cannot create " + shown(target));
        return true;
    }

    /** Sets owner, mode and time of what was written at {@code target} (on the node itself, never a link's target). */
    void finish(Path target, Node node) throws IOException {
        if (owners instanceof Owners.Source) {
            chown(target, node.uid(), node.gid());
        } else if (owners instanceof Owners.Fixed f) {
            chown(target, f.uid(), f.gid());
        }
        if (node.type() == Node.Type.SYMLINK) {
            return; // a symlink's mode and time are not its own on Linux
        }
        if (node.type() == Node.Type.DIRECTORY || node.type() == Node.Type.FILE) {
            // by an O_NOFOLLOW descriptor: a symlink swapped in meanwhile fails instead of being followed
            Files.setAttribute(target, "unix:mode", node.mode(), LinkOption.NOFOLLOW_LINKS);
            Files.getFileAttributeView(target, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(node.modified(), null, null);
        } else {
            // opening a FIFO or device would block or touch it: by path, on the node mknod just made
            HostCommand.check(List.of("chmod", Integer.toOctalString(node.mode()), target.toString()), null,
                    "cannot set the mode of " + shown(target));
        }
    }

    String shown(Path target) {
        return shownRoot != null && target.startsWith(shownRoot) ? "/" + shownRoot.relativize(target)
                : target.toString();
    }

    /** Removes a non-directory in the way; a directory there is docker's error. */
    private void clear(Path target) throws IOException {
        BasicFileAttributes existing = lstat(target);
        if (existing == null) {
            return;
        }
        if (existing.isDirectory()) {
            throw new CopyException("cannot overwrite directory \"" + shown(target) + "\" with non-directory");
        }
        Files.delete(target);
    }

    private static void chown(Path target, long uid, long gid) throws IOException {
        Files.setAttribute(target, "unix:uid", (int) uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(target, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
    }

    static BasicFileAttributes lstat(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Linux's dev_t encoding (glibc's gnu_dev_major / gnu_dev_minor). */
    static long major(long rdev) {
        return ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
    }

    static long minor(long rdev) {
        return (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
    }
}
