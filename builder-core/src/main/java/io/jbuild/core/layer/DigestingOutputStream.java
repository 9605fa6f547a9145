package io.jbuild.core.layer;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Passes bytes through while computing their sha256 and counting them. */
public final class DigestingOutputStream extends FilterOutputStream {

    private final MessageDigest sha256;
    private long count;

    public DigestingOutputStream(OutputStream out) {
        super(out);
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        sha256.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        sha256.update(b, off, len);
        count += len;
    }

    /** {@code sha256:<hex>} of everything written so far; call once, after the last write. */
    public String digest() {
        return "sha256:" + HexFormat.of().formatHex(sha256.digest());
    }

    public long count() {
        return count;
    }
}
