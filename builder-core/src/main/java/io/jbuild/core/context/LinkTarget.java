package io.jbuild.core.context;

import java.util.Arrays;

/**
 * A symbolic link's target exactly as stored (bytes; may be absolute, contain "..", or point nowhere). Java reads
 * targets through {@link java.nio.file.Path}, which drops a trailing '/' and repeated slashes; those are lost.
 */
public final class LinkTarget {

    private final byte[] bytes;

    LinkTarget(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    public static LinkTarget of(String target) {
        return new LinkTarget(GoText.utf8(target));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public boolean isAbsolute() {
        return bytes.length > 0 && bytes[0] == '/';
    }

    byte[] rawBytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinkTarget t && Arrays.equals(bytes, t.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** For messages; invalid UTF-8 and control characters escaped. */
    @Override
    public String toString() {
        return GoText.display(bytes);
    }
}
