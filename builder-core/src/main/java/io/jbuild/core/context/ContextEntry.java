package io.jbuild.core.context;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One file, directory, symbolic link or special file of the build context, with the metadata a layer needs.
 *
 * @param path       where it is, relative to the context root (the root itself is {@link ContextPath#ROOT})
 * @param type       what it is; symbolic links are never followed; a unix socket is an empty {@code FILE}
 * @param mode       the full Unix {@code st_mode}: file type bits ({@code 0170000}) and permissions, setuid,
 *                   setgid and sticky ({@code 07777}); see {@link #permissions()}
 * @param uid        owner; 0 unless the context was opened with {@code keepHostOwnership}, because BuildKit's
 *                   client sends every context file as owned by 0:0
 * @param gid        group; as {@code uid}
 * @param size       bytes of a file, length of a link's target, 0 for directories
 * @param mtime      last modification, to the nanosecond where the file system has it
 * @param ctime      last status change (used to notice edits that restore the mtime)
 * @param linkTarget a symbolic link's target, exactly as stored
 * @param identity   device and inode (hard links share it)
 * @param linkCount  number of hard links
 * @param rdev       device number of a device node, else 0
 * @param file       the host path, for reading contents; keeps non-UTF-8 name bytes intact
 */
public record ContextEntry(ContextPath path, EntryType type, int mode, int uid, int gid, long size, Instant mtime,
                           Instant ctime, Optional<LinkTarget> linkTarget, FileIdentity identity, int linkCount,
                           long rdev, Path file) {

    public static final int TYPE_MASK = 0170000;
    public static final int FIFO = 0010000;
    public static final int CHAR_DEVICE = 0020000;
    public static final int BLOCK_DEVICE = 0060000;
    /** A unix socket: an entry of type {@link EntryType#FILE} with no content, as BuildKit sends one. */
    public static final int SOCKET = 0140000;

    public ContextEntry {
        Objects.requireNonNull(path);
        Objects.requireNonNull(type);
        Objects.requireNonNull(linkTarget);
        if ((type == EntryType.SYMLINK) != linkTarget.isPresent()) {
            throw new IllegalArgumentException("a link target is required exactly for symbolic links: " + path);
        }
    }

    /** Permission bits with setuid, setgid and sticky ({@code mode & 07777}). */
    public int permissions() {
        return mode & 07777;
    }

    public boolean isDirectory() {
        return type == EntryType.DIRECTORY;
    }

    public boolean isFile() {
        return type == EntryType.FILE;
    }

    public boolean isSymlink() {
        return type == EntryType.SYMLINK;
    }

    /** A unix socket, which a copy makes an empty regular file with its permissions (BuildKit's testCopySocket). */
    public boolean isSocket() {
        return (mode & TYPE_MASK) == SOCKET;
    }

    /** A regular file with other hard links, so a layer may store it once and link the others to it. */
    public boolean isHardLinked() {
        return type == EntryType.FILE && linkCount > 1 && !isSocket();
    }
}
