package io.jbuild.core.image;

import io.jbuild.grammar.reference.Digest;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Passes bytes through to another stream while digesting and counting them. */
public final class DigestingOutputStream extends FilterOutputStream implements DigestedOutput {

    private final Digester digester;

    public DigestingOutputStream(OutputStream out) {
        this(out, new Digester());
    }

    public DigestingOutputStream(OutputStream out, Digester digester) {
        super(out);
        this.digester = digester;
    }

    // Digested before passed on: once the digest is taken the digester refuses more, and those bytes must not
    // reach the stream either (a blob writer would store them under the digest of what came before).
    @Override
    public void write(int b) throws IOException {
        digester.update(b);
        out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        digester.update(b, off, len);
        out.write(b, off, len);
    }

    @Override
    public long size() {
        return digester.size();
    }

    @Override
    public Digest digest() {
        return digester.digest();
    }
}
