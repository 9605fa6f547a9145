package io.jbuild.core.image;

import io.jbuild.grammar.reference.Digest;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Passes bytes through to another stream while digesting and counting them. */
public final class DigestingOutputStream extends FilterOutputStream {

    private final Digester digester;

    public DigestingOutputStream(OutputStream out) {
        this(out, new Digester());
    }

    public DigestingOutputStream(OutputStream out, Digester digester) {
        super(out);
        this.digester = digester;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        digester.update(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        digester.update(b, off, len);
    }

    /** Bytes written so far. */
    public long size() {
        return digester.size();
    }

    /** The digest of all bytes written; call once writing is finished. */
    public Digest digest() {
        return digester.digest();
    }
}
