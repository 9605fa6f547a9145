package io.jbuild.differential;

import java.time.Instant;
import java.util.Map;

/**
 * One member of a tar stream, as {@link TarReader} read it: the ustar header with GNU long names and PAX records
 * already folded in.
 *
 * @param name     the member's path as written (not normalized)
 * @param type     the typeflag ({@code '0'} regular, {@code '1'} hard link, {@code '2'} symlink, {@code '3'} char
 *                 device, {@code '4'} block device, {@code '5'} directory, {@code '6'} FIFO)
 * @param mode     permission and special bits ({@code 07777})
 * @param linkName the target of a hard link or symlink
 * @param xattrs   extended attributes from {@code SCHILY.xattr.*} PAX records
 */
record TarEntry(String name, char type, int mode, long uid, long gid, long size, Instant mtime, String linkName,
                String uname, String gname, int devMajor, int devMinor, Map<String, String> xattrs) {

    boolean isRegular() {
        return type == '0' || type == '\0' || type == '7';
    }
}
