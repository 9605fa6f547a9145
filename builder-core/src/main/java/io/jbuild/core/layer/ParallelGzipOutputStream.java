package io.jbuild.core.layer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Gzip compressed on several cores, as pigz does: the input is cut into fixed blocks, each block is deflated on
 * its own (primed with the 32 KiB before it, ending on a byte boundary with a sync flush) and the pieces are
 * joined in order into one gzip member. The output depends only on the input and the level, never on thread
 * timing, so layers stay reproducible. With no executor it compresses on the calling thread.
 */
public final class ParallelGzipOutputStream extends OutputStream {

    static final int BLOCK = 128 * 1024;
    private static final int DICTIONARY = 32 * 1024;

    private final OutputStream out;
    private final ExecutorService executor;
    private final int level;
    private final int maxInFlight;
    private final ArrayDeque<Future<byte[]>> inFlight = new ArrayDeque<>();
    private final CRC32 crc = new CRC32();
    private byte[] block = new byte[BLOCK];
    private int filled;
    private byte[] dictionary;
    private long total;
    private boolean closed;
    /** Deflaters the blocks done have given back (the lock for {@link #deflatersEnded} too). */
    private final ArrayDeque<Deflaters> idle = new ArrayDeque<>();
    /** Set once closed: a block finishing after (a failed stream's) ends its deflaters instead of keeping them. */
    private boolean deflatersEnded;

    /**
     * @param executor    where blocks are compressed; null to compress on the calling thread
     * @param parallelism how many blocks may be in flight (memory is about 2 × this × 128 KiB)
     */
    public ParallelGzipOutputStream(OutputStream out, int level, ExecutorService executor, int parallelism)
            throws IOException {
        this.out = out;
        this.level = level;
        this.executor = executor;
        this.maxInFlight = Math.max(1, parallelism * 2);
        // Fixed header: no name, no mtime (reproducible), OS = unknown.
        out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, BLOCK - filled);
            System.arraycopy(b, off, block, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == BLOCK) {
                submit(false);
            }
        }
    }

    private void submit(boolean last) throws IOException {
        byte[] data = filled == block.length ? block : Arrays.copyOf(block, filled);
        crc.update(data, 0, filled);
        total += filled;
        byte[] dict = dictionary;
        if (filled >= DICTIONARY) {
            dictionary = Arrays.copyOfRange(data, filled - DICTIONARY, filled);
        } else if (filled > 0) {
            // A short block can only be the last one; nothing follows that would use the dictionary.
            dictionary = null;
        }
        block = new byte[BLOCK];
        filled = 0;
        if (executor == null) {
            out.write(deflate(data, dict, last));
            return;
        }
        inFlight.add(executor.submit(() -> deflate(data, dict, last)));
        while (inFlight.size() >= maxInFlight) {
            drainOne();
        }
    }

    private void drainOne() throws IOException {
        Future<byte[]> f = inFlight.poll();
        try {
            out.write(f.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while compressing", e);
        } catch (ExecutionException e) {
            throw new IOException("compressing a layer block failed", e.getCause());
        }
    }

    /** Bytes of a block tried first: when they do not compress, neither will the rest. */
    private static final int PROBE = 8 * 1024;

    /**
     * The deflaters one block needs, kept for the stream's next blocks: zlib allocates and clears ~400 KiB of state
     * for each new one, three times a block (the probe, the block, its end), which was ~6% of a layer's deflate
     * CPU. {@link Deflater#reset} puts a deflater back in its first state, hash table cleared: the bytes out are
     * those of a new one.
     */
    static final class Deflaters {
        private final Deflater compressing;
        private final Deflater storing = new Deflater(Deflater.NO_COMPRESSION, true);
        private final Deflater probe = new Deflater(1, true);

        Deflaters(int level) {
            compressing = new Deflater(level, true);
        }

        void end() {
            compressing.end();
            storing.end();
            probe.end();
        }
    }

    private byte[] deflate(byte[] data, byte[] dict, boolean last) {
        Deflaters d;
        synchronized (idle) {
            d = idle.poll();
        }
        if (d == null) {
            d = new Deflaters(level);
        }
        try {
            return deflate(data, dict, last, d);
        } finally {
            synchronized (idle) {
                if (deflatersEnded) {
                    d.end();
                } else {
                    idle.push(d);
                }
            }
        }
    }

    /** One block, with deflaters of its own (tests). */
    static byte[] deflate(byte[] data, byte[] dictionary, boolean last, int level) {
        Deflaters d = new Deflaters(level);
        try {
            return deflate(data, dictionary, last, d);
        } finally {
            d.end();
        }
    }

    private static byte[] deflate(byte[] data, byte[] dictionary, boolean last, Deflaters deflaters) {
        // Incompressible blocks (jars, archives, media: much of a JVM image) are stored, not searched for matches:
        // the same bytes out at a fraction of the CPU. Decided from the block's own bytes, so still reproducible.
        Deflater deflater = incompressible(data, deflaters.probe) ? deflaters.storing : deflaters.compressing;
        deflater.reset();
        if (dictionary != null) {
            deflater.setDictionary(dictionary);
        }
        deflater.setInput(data);
        ByteArrayOutputStream result = new ByteArrayOutputStream(data.length / 2 + 64);
        byte[] buf = new byte[64 * 1024];
        if (last) {
            deflater.finish();
            while (!deflater.finished()) {
                int n = deflater.deflate(buf);
                result.write(buf, 0, n);
            }
        } else {
            int n;
            do {
                n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
                result.write(buf, 0, n);
            } while (n == buf.length || !deflater.needsInput());
        }
        return result.toByteArray();
    }

    /** Whether level 1 saves less than 2% on the block's first {@link #PROBE} bytes. */
    static boolean incompressible(byte[] data) {
        Deflater probe = new Deflater(1, true);
        try {
            return incompressible(data, probe);
        } finally {
            probe.end();
        }
    }

    private static boolean incompressible(byte[] data, Deflater probe) {
        int n = Math.min(PROBE, data.length);
        if (n < PROBE) {
            return false; // a short last block: not worth a guess
        }
        probe.reset();
        probe.setInput(data, 0, n);
        probe.finish();
        byte[] out = new byte[n + 64];
        int size = 0;
        while (!probe.finished() && size < out.length) {
            size += probe.deflate(out, size, out.length - size);
        }
        return size >= n * 98L / 100;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            submit(true);
            while (!inFlight.isEmpty()) {
                drainOne();
            }
            long c = crc.getValue();
            out.write(new byte[] {(byte) c, (byte) (c >> 8), (byte) (c >> 16), (byte) (c >> 24),
                (byte) total, (byte) (total >> 8), (byte) (total >> 16), (byte) (total >> 24)});
        } finally {
            inFlight.forEach(f -> f.cancel(true));
            synchronized (idle) {
                deflatersEnded = true;
                idle.forEach(Deflaters::end);
                idle.clear();
            }
            out.close();
        }
    }
}
