package io.jbuild.core.context;

import io.jbuild.grammar.gotext.GoText;
import java.util.Arrays;

/**
 * A name kept as the file system's bytes (a context path, a link target): Linux names are bytes, not text. Two
 * names of the same kind are equal when their bytes are; messages show them as UTF-8 with the rest escaped.
 */
abstract sealed class NameBytes permits ContextPath, LinkTarget {

    /** Never handed out: {@link #bytes()} copies. */
    final byte[] bytes;

    NameBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The bytes (a copy). */
    public final byte[] bytes() {
        return bytes.clone();
    }

    final byte[] rawBytes() {
        return bytes;
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Arrays.equals(bytes, ((NameBytes) o).bytes);
    }

    @Override
    public final int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** For messages: UTF-8, with invalid bytes and control characters escaped ({@code a\xffb}, {@code a\nb}). */
    @Override
    public final String toString() {
        return GoText.display(bytes);
    }
}
