package io.jbuild.core.container.cp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * What a copy keeps of one file: its type, permission bits (setuid, setgid and sticky included), owner, time and,
 * for a symlink its target, for a device its numbers.
 */
record Node(Type type, int mode, long uid, long gid, FileTime modified, long size, String linkTarget, long rdev,
            int links, Inode inode) {

    /** A file's identity on its file system, to keep hard links linked in the copy. */
    record Inode(long device, long number) {
    }

    enum Type { DIRECTORY, FILE, SYMLINK, FIFO, CHAR_DEVICE, BLOCK_DEVICE, SOCKET }

    /** The node at {@code path} itself, never what a symlink there points to. */
    static Node read(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:mode,uid,gid,lastModifiedTime,size,rdev,nlink,dev,ino",
                LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        Type type = switch (mode & 0170000) {
            case 0040000 -> Type.DIRECTORY;
            case 0120000 -> Type.SYMLINK;
            case 0010000 -> Type.FIFO;
            case 0020000 -> Type.CHAR_DEVICE;
            case 0060000 -> Type.BLOCK_DEVICE;
            case 0140000 -> Type.SOCKET;
            default -> Type.FILE;
        };
        String target = type == Type.SYMLINK ? Files.readSymbolicLink(path).toString() : null;
        return new Node(type, mode & 07777, ((Integer) a.get("uid")).longValue(), ((Integer) a.get("gid")).longValue(),
                (FileTime) a.get("lastModifiedTime"), (Long) a.get("size"), target, (Long) a.get("rdev"),
                (Integer) a.get("nlink"), new Inode((Long) a.get("dev"), (Long) a.get("ino")));
    }

    /** A regular file with other names: the copy links them too. */
    boolean hardLinked() {
        return type == Type.FILE && links > 1;
    }

    boolean isDirectory() {
        return type == Type.DIRECTORY;
    }
}
