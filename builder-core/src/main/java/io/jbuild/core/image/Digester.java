package io.jbuild.core.image;

import io.jbuild.grammar.reference.Digest;
import java.security.MessageDigest;

/** Digests and counts content fed to it piece by piece; not thread-safe, one per stream. */
public final class Digester {

    private final String algorithm;
    private final MessageDigest md;
    private long size;
    private Digest result;

    public Digester() {
        this(Digest.SHA256);
    }

    public Digester(String algorithm) {
        this.algorithm = algorithm;
        this.md = Digest.newMessageDigest(algorithm);
    }

    public void update(byte[] bytes, int offset, int length) {
        if (result != null) {
            throw new IllegalStateException("digest already computed");
        }
        md.update(bytes, offset, length);
        size += length;
    }

    public void update(int b) {
        if (result != null) {
            throw new IllegalStateException("digest already computed");
        }
        md.update((byte) b);
        size++;
    }

    /** Bytes seen so far. */
    public long size() {
        return size;
    }

    /**
     * Checks bytes in memory (a manifest) against {@code expected}, in its algorithm.
     *
     * @throws DigestMismatchException naming both digests when they differ
     */
    public static void check(byte[] bytes, Digest expected) throws DigestMismatchException {
        Digester d = new Digester(expected.algorithm());
        d.update(bytes, 0, bytes.length);
        if (!d.digest().equals(expected)) {
            throw new DigestMismatchException(expected, d.digest(), -1, bytes.length);
        }
    }

    /** The digest of everything seen; after this call no more content is accepted. */
    public Digest digest() {
        if (result == null) {
            result = new Digest(algorithm, Digest.hex(md.digest()));
        }
        return result;
    }
}
