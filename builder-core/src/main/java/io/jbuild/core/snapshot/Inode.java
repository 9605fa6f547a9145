package io.jbuild.core.snapshot;

import io.jbuild.core.layer.LayerApplier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** What {@code lstat} says about one file, and the overlayfs meaning of it (whiteout, opaque directory). */
record Inode(int mode, long uid, long gid, long size, long rdev, long dev, long ino, int nlink, FileTime modified) {

    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFIFO = 0010000;

    private static final String OPAQUE = LayerApplier.OVERLAY_OPAQUE_XATTR.substring("user.".length());

    /** The file's metadata, not following a symlink; empty if it does not exist. */
    static Optional<Inode> of(Path p) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(p, "unix:mode,uid,gid,size,rdev,dev,ino,nlink,lastModifiedTime",
                    LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (FileSystemException e) {
            if (e.getMessage() != null && e.getMessage().contains("Not a directory")) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(new Inode((Integer) a.get("mode"), ((Integer) a.get("uid")) & 0xffffffffL,
                ((Integer) a.get("gid")) & 0xffffffffL, (Long) a.get("size"), (Long) a.get("rdev"),
                (Long) a.get("dev"), (Long) a.get("ino"), (Integer) a.get("nlink"),
                (FileTime) a.get("lastModifiedTime")));
    }

    boolean isDirectory() {
        return (mode & S_IFMT) == S_IFDIR;
    }

    boolean isRegular() {
        return (mode & S_IFMT) == S_IFREG;
    }

    boolean isSymlink() {
        return (mode & S_IFMT) == S_IFLNK;
    }

    boolean isCharDevice() {
        return (mode & S_IFMT) == S_IFCHR;
    }

    boolean isBlockDevice() {
        return (mode & S_IFMT) == S_IFBLK;
    }

    boolean isFifo() {
        return (mode & S_IFMT) == S_IFIFO;
    }

    /** An overlayfs whiteout: a character device 0/0. */
    boolean isWhiteout() {
        return isCharDevice() && rdev == 0;
    }

    int permissions() {
        return mode & 07777;
    }

    Instant mtime() {
        return modified.toInstant();
    }

    /** Linux's dev_t encoding (glibc's gnu_dev_major/minor). */
    int devMajor() {
        return (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
    }

    int devMinor() {
        return (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
    }

    /** Whether a directory carries overlayfs's opaque marker ({@code y}; {@code x} only flags xwhiteouts). */
    static boolean isOpaque(Path dir) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(dir, UserDefinedFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (!view.list().contains(OPAQUE)) {
            return false;
        }
        ByteBuffer buf = ByteBuffer.allocate(view.size(OPAQUE));
        view.read(OPAQUE, buf);
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).equals("y");
    }
}
