package io.jbuild.core.layer;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A caller's stream (standard output, a store's blob writer) under streams that close what they wrap (tar,
 * compressors): closing this one only flushes, the caller closes its own.
 */
final class OpenOutputStream extends FilterOutputStream {

    OpenOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len); // FilterOutputStream would pass it on a byte at a time
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
