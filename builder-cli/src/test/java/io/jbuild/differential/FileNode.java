package io.jbuild.differential;

import java.time.Instant;
import java.util.Map;

/**
 * One path of a file tree after its layers were applied.
 *
 * @param sha256   the content digest of a regular file (null otherwise)
 * @param inode    an identity shared by the paths of one hard-link group (0 until a link joins it)
 * @param implicit a directory no layer listed, created only because a member below it needed a parent
 */
record FileNode(Kind kind, int mode, long uid, long gid, long size, String sha256, String linkTarget, int devMajor,
                int devMinor, Map<String, String> xattrs, Instant mtime, int inode, boolean implicit) {

    enum Kind { DIRECTORY, FILE, SYMLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO }

    static FileNode implicitDirectory() {
        return new FileNode(Kind.DIRECTORY, 0755, 0, 0, 0, null, null, 0, 0, Map.of(), Instant.EPOCH, 0, true);
    }

    FileNode withInode(int id) {
        return new FileNode(kind, mode, uid, gid, size, sha256, linkTarget, devMajor, devMinor, xattrs, mtime, id,
                implicit);
    }

    /** {@code 0755}, {@code 4755}: the permission and special bits in octal. */
    String octalMode() {
        return String.format("%04o", mode);
    }
}
