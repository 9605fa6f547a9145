package io.jbuild.core.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.core.snapshot.SnapshotStore;
import io.jbuild.core.snapshot.TestTar;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipelined layer reader: the same bytes and diff ID, its worker bounded and never left running. */
class LayerStreamTest {

    @TempDir
    Path tmp;

    /** A tar of {@code files} incompressible files, ~384 KiB each (256 KiB of random bytes, written as UTF-8). */
    private static TestTar.Layer bigLayer(int files) throws IOException {
        Random random = new Random(42);
        TestTar tar = new TestTar();
        for (int i = 0; i < files; i++) {
            byte[] content = new byte[1 << 18];
            random.nextBytes(content);
            tar.file("f" + i, new String(content, StandardCharsets.ISO_8859_1));
        }
        return tar.build();
    }

    private static byte[] gzip(byte[] tar) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(tar);
        }
        return out.toByteArray();
    }

    /** The blob as a stream that says which threads read it, how far, and whether it was closed. */
    private static final class WatchedBlob extends FilterInputStream {
        final Set<Thread> readers = ConcurrentHashMap.newKeySet();
        final AtomicLong read = new AtomicLong();
        final AtomicBoolean closed = new AtomicBoolean();

        WatchedBlob(byte[] bytes) {
            super(new ByteArrayInputStream(bytes));
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            readers.add(Thread.currentThread());
            int n = super.read(b, off, len);
            if (n > 0) {
                read.addAndGet(n);
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            closed.set(true);
            super.close();
        }
    }

    private static long inflaters() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("jbuild-layer-inflate") && t.isAlive()).count();
    }

    @Test
    void readsTheTarAndItsDiffIdOffTheCallersThread() throws IOException {
        TestTar.Layer layer = bigLayer(12);
        WatchedBlob blob = new WatchedBlob(gzip(layer.tar()));
        byte[] read;
        try (LayerStream in = LayerStream.open(blob)) {
            read = in.readAllBytes();
            assertThat(in.diffId().toString()).isEqualTo(layer.diffId());
        }
        assertThat(read).isEqualTo(layer.tar());
        assertThat(blob.readers).isNotEmpty().doesNotContain(Thread.currentThread());
        assertThat(blob.closed).isTrue();
    }

    @Test
    void readsAheadOnlyAFewChunks() throws Exception {
        byte[] tar = bigLayer(40).tar(); // ~15 MiB, plain: what is read ahead is what is held
        WatchedBlob blob = new WatchedBlob(tar);
        try (LayerStream in = LayerStream.open(blob)) {
            assertThat(in.read()).isGreaterThanOrEqualTo(0);
            long before;
            long after = blob.read.get();
            do { // until the worker stops reading: blocked on the hand-off
                before = after;
                Thread.sleep(100);
                after = blob.read.get();
            } while (after != before);
            assertThat(after).as("bytes read ahead").isGreaterThanOrEqualTo(1 << 18)
                    .isLessThanOrEqualTo((7L << 18) + (1 << 16)); // 6 buffers, 64 KiB buffered, 1 to spare
        }
        assertThat(blob.closed).isTrue();
        assertThat(inflaters()).isZero();
    }

    @Test
    void closingBeforeTheEndStopsTheWorker() throws IOException {
        WatchedBlob blob = new WatchedBlob(gzip(bigLayer(12).tar())); // ~4.5 MiB: more than the worker may hold
        LayerStream in = LayerStream.open(blob);
        in.readNBytes(1000);
        in.close();
        assertThat(inflaters()).isZero();
        assertThat(blob.closed).isTrue();
        assertThatThrownBy(in::read).hasMessageContaining("closed");
        assertThatThrownBy(in::diffId).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aGzipCorruptHalfWayFailsTheReadAndLeavesNoSnapshotNorThread() throws IOException {
        TestTar.Layer layer = bigLayer(12);
        // The first half of the tar, flushed to a byte boundary, then a deflate block of the reserved type 3:
        // zlib stops exactly there, whatever the bytes before it (random damage may first spoil a tar header).
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GZIPOutputStream gz = new GZIPOutputStream(out, true);
        gz.write(layer.tar(), 0, layer.tar().length / 2);
        gz.flush();
        int half = out.size();
        out.write(new byte[] {0x07, 0, 0, 0, 0, 0, 0, 0, 0});
        byte[] blob = out.toByteArray();
        gz.close();
        SnapshotStore store = new SnapshotStore(tmp.resolve("s"));
        WatchedBlob watched = new WatchedBlob(blob);

        assertThatThrownBy(() -> store.unpack(layer.diffId(), watched))
                .isInstanceOf(ZipException.class).hasMessageContaining("invalid block type");
        assertThat(watched.read.get()).as("read up to the damage").isGreaterThan(half);
        assertThat(watched.readers).as("inflated off the caller's thread").doesNotContain(Thread.currentThread());
        assertThat(inflaters()).isZero();
        assertThat(watched.closed).isTrue();
        assertThat(store.find(layer.diffId())).isEmpty();
        try (Stream<Path> left = Files.list(store.dir().resolve("tmp"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aTruncatedGzipFailsAsBefore() throws IOException {
        TestTar.Layer layer = bigLayer(8);
        byte[] blob = gzip(layer.tar());
        byte[] truncated = Arrays.copyOf(blob, blob.length * 2 / 3);

        assertThatThrownBy(() -> new LayerApplier(1L << 30).apply(new ByteArrayInputStream(truncated),
                Files.createDirectories(tmp.resolve("fs"))))
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("Unexpected end of ZLIB input stream");
        assertThat(inflaters()).isZero();
    }

    @Test
    void aBombStopsAtTheLimitAndTheWorkerWithIt() throws IOException {
        // 64 MiB of zeros compress to ~64 KiB: the reader's limit (1 MiB) stops it, the worker stops soon after.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                gz.write(zeros);
            }
        }
        InputStream blob = new ByteArrayInputStream(out.toByteArray());
        assertThatThrownBy(() -> new LayerApplier(1L << 20).apply(blob, Files.createDirectories(tmp.resolve("fs"))))
                .hasMessageContaining("larger than the limit of " + (1L << 20) + " uncompressed bytes");
        assertThat(inflaters()).isZero();
    }
}
