package io.jbuild.core.layer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file one thread writes while another reads it as it grows: a RUN layer's tar, compressed while it is still
 * being spooled rather than after. The reader waits for bytes not written yet and sees the end only once the
 * writer has {@linkplain #output() closed} its stream; if the writer {@linkplain #abort fails}, the reader fails too,
 * so a half-written spool never becomes a blob. Nothing is held in memory: the bytes go through the file (and the
 * page cache). No fsync: the spool is scratch, deleted once compressed, and a killed build takes it along.
 */
public final class SpoolFile {

    private final Path file;
    private final OutputStream raw;
    private final OutputStream output;
    /** Bytes handed to the file so far; guarded by this. */
    private long length;
    private boolean finished;
    private IOException failure;

    private SpoolFile(Path file) throws IOException {
        this.file = file;
        this.raw = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        this.output = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                raw.write(b, off, len);
                grew(len);
            }

            @Override
            public void close() throws IOException {
                try {
                    raw.close();
                } catch (IOException e) {
                    abort(e);
                    throw e;
                }
                finish();
            }
        };
    }

    /** Writes into {@code file}, which exists (made empty if it is not). */
    public static SpoolFile create(Path file) throws IOException {
        return new SpoolFile(file);
    }

    public Path file() {
        return file;
    }

    /**
     * The stream to write the file with (unbuffered: wrap it); closing it ends the file for the reader, so it is
     * closed only once everything is written ({@link #abort} otherwise).
     */
    public OutputStream output() {
        return output;
    }

    /**
     * Tells the reader that the file will not be completed ({@code why}), so nothing after this is read, and closes
     * the file without ending it: a writer that fails must call this instead of closing {@link #output()}.
     */
    public void abort(IOException why) {
        synchronized (this) {
            if (!finished && failure == null) {
                failure = why;
                notifyAll();
            }
        }
        try {
            raw.close();
        } catch (IOException e) {
            // the reader fails already; the caller deletes the file
        }
    }

    private synchronized void grew(long n) {
        length += n;
        notifyAll();
    }

    private synchronized void finish() {
        if (failure == null) {
            finished = true;
        }
        notifyAll();
    }

    /** Waits until more than {@code position} bytes are there, or the end; returns how many are there. */
    private synchronized long await(long position) throws IOException {
        while (length <= position && !finished && failure == null) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for " + file + " to be written");
            }
        }
        if (failure != null) {
            throw new IOException("the spool " + file + " was not completed: " + failure.getMessage(), failure);
        }
        return length;
    }

    /**
     * Reads the file from its start as it is written, to its end once the writer is done (one reader; open it
     * before the file may be deleted).
     */
    public InputStream reader() throws IOException {
        InputStream in = Files.newInputStream(file);
        return new InputStream() {
            private long position;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                long available = await(position);
                if (available <= position) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, available - position));
                if (n < 0) {
                    throw new IOException(file + " is shorter than the " + available + " bytes written to it");
                }
                position += n;
                return n;
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }
}
