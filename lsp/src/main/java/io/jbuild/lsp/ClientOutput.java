package io.jbuild.lsp;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The stream to the client. A client that goes away (an editor closing, a test ending) is normal: once a write fails,
 * this and every later write are dropped quietly, as {@code System.out} drops them, so that LSP4J has no failure to
 * log on standard error for each diagnostics or answer still on its way. The server ends when the client's input ends.
 */
final class ClientOutput extends OutputStream {

    private final OutputStream out;
    private volatile boolean gone;

    ClientOutput(OutputStream out) {
        this.out = out;
    }

    /** True once a write to the client failed. */
    boolean gone() {
        return gone;
    }

    @Override
    public void write(int b) {
        if (!gone) {
            try {
                out.write(b);
            } catch (IOException e) {
                gone = true;
            }
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (!gone) {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                gone = true;
            }
        }
    }

    @Override
    public void flush() {
        if (!gone) {
            try {
                out.flush();
            } catch (IOException e) {
                gone = true;
            }
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            // the client is gone already
        }
    }
}
