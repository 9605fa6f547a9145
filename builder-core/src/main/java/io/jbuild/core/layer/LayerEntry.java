package io.jbuild.core.layer;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a layer tar: what the file system of the image will hold at {@code path}.
 *
 * @param path      relative to the image root, '/'-separated, no leading or trailing slash (e.g. {@code usr/bin/sh})
 * @param type      what kind of entry
 * @param mode      permission and special bits (e.g. 0755, 04755); the file type bits are taken from {@code type}
 * @param uid       owner
 * @param gid       group
 * @param size      content length for regular files, else 0
 * @param modified  modification time
 * @param linkTarget symlink target, or for hard links the path (relative to the root) of the first entry
 * @param content   where a regular file's bytes come from; opened only while writing
 * @param xattrs    extended attributes (for example {@code security.capability}), written as PAX records
 * @param devMajor  device numbers for character and block devices
 * @param devMinor  device numbers for character and block devices
 */
public record LayerEntry(String path, Type type, int mode, long uid, long gid, long size, Instant modified,
                         String linkTarget, Content content, Map<String, byte[]> xattrs, int devMajor, int devMinor) {

    public enum Type { FILE, DIRECTORY, SYMLINK, HARDLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO }

    /** Opens a regular file's bytes; called once, when the entry is written. */
    @FunctionalInterface
    public interface Content {
        InputStream open() throws IOException;
    }

    public LayerEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(modified, "modified");
        if (path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("layer paths are relative without edge slashes: \"" + path + "\"");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("layer path has an empty, . or .. segment: \"" + path + "\"");
            }
        }
        if (type == Type.FILE && content == null) {
            throw new IllegalArgumentException("a regular file needs content: " + path);
        }
        xattrs = xattrs == null ? Map.of() : Map.copyOf(xattrs);
        linkTarget = linkTarget == null ? "" : linkTarget;
    }

    public static LayerEntry directory(String path, int mode, long uid, long gid, Instant modified) {
        return new LayerEntry(path, Type.DIRECTORY, mode, uid, gid, 0, modified, "", null, Map.of(), 0, 0);
    }

    public static LayerEntry file(String path, int mode, long uid, long gid, long size, Instant modified, Content content) {
        return new LayerEntry(path, Type.FILE, mode, uid, gid, size, modified, "", content, Map.of(), 0, 0);
    }

    public static LayerEntry symlink(String path, String target, long uid, long gid, Instant modified) {
        return new LayerEntry(path, Type.SYMLINK, 0777, uid, gid, 0, modified, target, null, Map.of(), 0, 0);
    }

    public static LayerEntry hardlink(String path, String firstPath, int mode, long uid, long gid, Instant modified) {
        return new LayerEntry(path, Type.HARDLINK, mode, uid, gid, 0, modified, firstPath, null, Map.of(), 0, 0);
    }

    /** An overlay whiteout: deletes {@code name} in {@code dir} of the layers below ({@code .wh.name}). */
    public static LayerEntry whiteout(String deletedPath, Instant modified) {
        int slash = deletedPath.lastIndexOf('/');
        String name = ".wh." + deletedPath.substring(slash + 1);
        String path = slash < 0 ? name : deletedPath.substring(0, slash + 1) + name;
        return file(path, 0, 0, 0, 0, modified, InputStream::nullInputStream);
    }

    /** An opaque-directory marker: the layers below contribute nothing to {@code dir}. */
    public static LayerEntry opaque(String dir, Instant modified) {
        return file(dir + "/.wh..wh..opq", 0, 0, 0, 0, modified, InputStream::nullInputStream);
    }

    public LayerEntry withModified(Instant time) {
        return new LayerEntry(path, type, mode, uid, gid, size, time, linkTarget, content, xattrs, devMajor, devMinor);
    }
}
