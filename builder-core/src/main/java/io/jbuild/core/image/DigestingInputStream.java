package io.jbuild.core.image;

import io.jbuild.grammar.reference.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Digests and counts what is read through it. With an expected digest it checks the content when the end
 * is reached and fails the last read with {@link DigestMismatchException}, so a consumer that reads to the
 * end never silently accepts corrupt content.
 */
public final class DigestingInputStream extends FilterInputStream {

    private final Digester digester;
    private final Digest expected;
    private final long expectedSize;
    private boolean verified;

    /** Digests without checking. */
    public DigestingInputStream(InputStream in) {
        this(in, null, -1);
    }

    /**
     * @param expected     the digest the content must have, or null to only compute it
     * @param expectedSize the size the content must have, or -1 if unknown
     */
    public DigestingInputStream(InputStream in, Digest expected, long expectedSize) {
        super(in);
        this.digester = new Digester(expected == null ? Digest.SHA256 : expected.algorithm());
        this.expected = expected;
        this.expectedSize = expectedSize;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            atEnd();
        } else {
            digester.update(b);
            checkSize();
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            atEnd();
        } else {
            digester.update(b, off, n);
            checkSize();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes must still be digested.
        byte[] buffer = new byte[(int) Math.min(8192, Math.max(n, 1))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // Not supported: rereading would digest bytes twice.
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    /** Bytes read so far. */
    public long size() {
        return digester.size();
    }

    /** The digest of everything read; call after reading to the end. */
    public Digest digest() {
        return digester.digest();
    }

    private void checkSize() throws IOException {
        if (expectedSize >= 0 && digester.size() > expectedSize) {
            throw new DigestMismatchException(expected, null, expectedSize, digester.size());
        }
    }

    private void atEnd() throws IOException {
        if (verified || expected == null) {
            return;
        }
        verified = true;
        Digest actual = digester.digest();
        if (!actual.equals(expected) || (expectedSize >= 0 && digester.size() != expectedSize)) {
            throw new DigestMismatchException(expected, actual, expectedSize, digester.size());
        }
    }
}
