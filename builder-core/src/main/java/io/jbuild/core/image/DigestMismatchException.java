package io.jbuild.core.image;

import io.jbuild.grammar.reference.Digest;
import java.io.IOException;

/** Content did not have the digest (or size) it was announced with. */
public final class DigestMismatchException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Digest expected;
    private final transient Digest actual;

    /**
     * @param actual null when the content was rejected before its end (it was already too long)
     */
    public DigestMismatchException(Digest expected, Digest actual, long expectedSize, long actualSize) {
        super(message(expected, actual, expectedSize, actualSize));
        this.expected = expected;
        this.actual = actual;
    }

    public Digest expected() {
        return expected;
    }

    /** The digest the content really had, or null if it was rejected for its size first. */
    public Digest actual() {
        return actual;
    }

    private static String message(Digest expected, Digest actual, long expectedSize, long actualSize) {
        String what = expected == null ? "content" : "blob " + expected;
        if (expectedSize >= 0 && actualSize != expectedSize) {
            return what + ": size mismatch: expected " + expectedSize + " bytes, got "
                    + (actual == null ? "more" : String.valueOf(actualSize));
        }
        return what + ": digest mismatch: content has digest " + actual;
    }
}
