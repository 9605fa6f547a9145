package io.jbuild.core.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.core.image.DigestingOutputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerWriterTest {

    private static final ExecutorService POOL = Executors.newFixedThreadPool(2);
    private static final Instant T = Instant.ofEpochSecond(1_700_000_000L);

    @TempDir
    Path dir;

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    private static LayerEntry.Content bytes(byte[] b) {
        return () -> new ByteArrayInputStream(b);
    }

    private static List<LayerEntry> sample() {
        byte[] hello = "hello\n".getBytes(StandardCharsets.UTF_8);
        String longName = "deep/" + "x".repeat(150) + "/file.txt";
        return List.of(
                LayerEntry.directory("app", 0755, 0, 0, T),
                LayerEntry.file("app/hello.txt", 0644, 1000, 1000, hello.length, T, bytes(hello)),
                LayerEntry.hardlink("app/hello-again.txt", "app/hello.txt", 0644, 1000, 1000, T),
                LayerEntry.symlink("app/link", "hello.txt", 0, 0, T),
                LayerEntry.file("app/suid", 04755, 0, 0, 0, T, bytes(new byte[0])),
                LayerEntry.file(longName, 0600, 0, 0, hello.length, T, bytes(hello)),
                LayerEntry.whiteout("etc/gone", T),
                LayerEntry.opaque("var/cache", T));
    }

    @Test
    void tarKeepsEveryEntryAsWritten() throws IOException {
        LayerBlob blob = new LayerWriter(Compression.GZIP, POOL, 2).write(sample().iterator(), dir);
        List<TarArchiveEntry> read = new ArrayList<>();
        List<String> contents = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(blob.file())))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                read.add(e);
                contents.add(new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(read).extracting(TarArchiveEntry::getName).containsExactly("app/", "app/hello.txt",
                "app/hello-again.txt", "app/link", "app/suid", "deep/" + "x".repeat(150) + "/file.txt",
                "etc/.wh.gone", "var/cache/.wh..wh..opq");
        assertThat(read.get(1).getMode()).isEqualTo(0644);
        assertThat(read.get(1).getLongUserId()).isEqualTo(1000);
        assertThat(read.get(1).getModTime().toInstant()).isEqualTo(T);
        assertThat(contents.get(1)).isEqualTo("hello\n");
        assertThat(read.get(2).isLink()).isTrue();
        assertThat(read.get(2).getLinkName()).isEqualTo("app/hello.txt");
        assertThat(read.get(3).isSymbolicLink()).isTrue();
        assertThat(read.get(3).getLinkName()).isEqualTo("hello.txt");
        assertThat(read.get(4).getMode()).isEqualTo(04755);
        assertThat(read.get(0).getUserName()).isEmpty();
    }

    @Test
    void digestsAreOfTheBlobAndOfTheTar() throws Exception {
        LayerBlob blob = new LayerWriter(Compression.GZIP, POOL, 2).write(sample().iterator(), dir);
        byte[] compressed = Files.readAllBytes(blob.file());
        assertThat(blob.size()).isEqualTo(compressed.length);
        assertThat(blob.digest()).isEqualTo(sha256(compressed));
        byte[] tar;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            tar = in.readAllBytes();
        }
        assertThat(blob.diffId()).isEqualTo(sha256(tar));
        assertThat(blob.mediaType()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
    }

    @Test
    void sameInputSameBytesWhetherParallelOrNot() throws IOException {
        byte[] big = new byte[3 * ParallelGzipOutputStream.BLOCK + 12345];
        new Random(7).nextBytes(big);
        for (int i = 0; i < big.length; i += 3) {
            big[i] = 'a'; // compressible, so that blocks refer back into the dictionary
        }
        List<LayerEntry> entries = List.of(LayerEntry.file("big.bin", 0644, 0, 0, big.length, T, bytes(big)));
        LayerBlob parallel = new LayerWriter(Compression.GZIP, POOL, 2).write(entries.iterator(), dir);
        LayerBlob serial = new LayerWriter(Compression.GZIP, null, 1).write(entries.iterator(), dir);
        LayerBlob again = new LayerWriter(Compression.GZIP, POOL, 2).write(entries.iterator(), dir);
        assertThat(parallel.digest()).isEqualTo(serial.digest()).isEqualTo(again.digest());
        assertThat(parallel.diffId()).isEqualTo(serial.diffId());
        try (InputStream in = new GZIPInputStream(Files.newInputStream(parallel.file()));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            tar.getNextEntry();
            assertThat(tar.readAllBytes()).isEqualTo(big);
        }
    }

    @Test
    void aSpooledTarCompressedLaterIsTheLayerWrittenInOnePass() throws IOException {
        // RUN layers are spooled, then compressed in the background: blob, digests and sizes must be those of the
        // one-pass writer, or a rebuild would change the image's layer digests.
        byte[] big = new byte[3 * ParallelGzipOutputStream.BLOCK + 777];
        new Random(11).nextBytes(big);
        for (int i = 0; i < big.length / 2; i++) {
            big[i] = (byte) ('a' + i % 7); // a compressible half, then a random one
        }
        List<LayerEntry> entries = new ArrayList<>(sample());
        entries.add(LayerEntry.file("big.bin", 0644, 0, 0, big.length, T, bytes(big)));
        LayerBlob whole = new LayerWriter(Compression.GZIP, POOL, 2).write(entries.iterator(), dir);

        LayerWriter writer = new LayerWriter(Compression.GZIP, POOL, 2);
        ByteArrayOutputStream spool = new ByteArrayOutputStream();
        LayerWriter.Tar tar = writer.spool(entries.iterator(), spool);
        assertThat(tar.diffId()).isEqualTo(whole.diffId());
        assertThat(tar.size()).isEqualTo(spool.size());
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        LayerBlob later = writer.compress(new ByteArrayInputStream(spool.toByteArray()), tar,
                new DigestingOutputStream(compressed));
        assertThat(later.digest()).isEqualTo(whole.digest());
        assertThat(later.diffId()).isEqualTo(whole.diffId());
        assertThat(later.size()).isEqualTo(compressed.size()).isEqualTo(whole.size());
        assertThat(compressed.toByteArray()).isEqualTo(Files.readAllBytes(whole.file()));
        assertThat(later.mediaType()).isEqualTo(whole.mediaType()).isEqualTo(writer.mediaType());

        // A spool that lost bytes (a truncated file) is refused, not compressed into a layer of another diff ID.
        byte[] cut = Arrays.copyOf(spool.toByteArray(), spool.size() - 512);
        assertThatThrownBy(() -> writer.compress(new ByteArrayInputStream(cut), tar,
                new DigestingOutputStream(new ByteArrayOutputStream())))
                .isInstanceOf(IOException.class).hasMessageContaining("spooled layer");
    }

    @Test
    void aSpoolCompressedWhileItIsWrittenIsTheLayerWrittenInOnePass() throws Exception {
        // A RUN layer's spool is compressed as it grows, read in whatever pieces the writer has flushed so far: the
        // blob must still be the one-pass writer's, byte for byte.
        byte[] big = new byte[5 * ParallelGzipOutputStream.BLOCK + 4321];
        new Random(5).nextBytes(big);
        for (int i = 0; i < big.length; i += 3) {
            big[i] = (byte) ('a' + i % 5);
        }
        List<LayerEntry> entries = new ArrayList<>(sample());
        entries.add(LayerEntry.file("big.bin", 0644, 0, 0, big.length, T, bytes(big)));
        LayerBlob whole = new LayerWriter(Compression.GZIP, POOL, 2).write(entries.iterator(), dir);

        LayerWriter writer = new LayerWriter(Compression.GZIP, POOL, 2);
        SpoolFile spool = SpoolFile.create(Files.createTempFile(dir, "spool-", ".tar"));
        CountDownLatch readerStarted = new CountDownLatch(1);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            InputStream in = spool.reader();
            Future<LayerWriter.Compressed> blob = reader.submit(() -> writer.compress(new FilterInputStream(in) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    readerStarted.countDown();
                    return n;
                }
            }, new DigestingOutputStream(compressed)));
            LayerWriter.Tar tar;
            // Small odd flushes; the writer stops half way until the reader has had bytes: the two overlap.
            try (OutputStream out = new BufferedOutputStream(new FilterOutputStream(spool.output()) {
                private long sent;

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    spool.output().write(b, off, len);
                    if (sent < big.length / 2 && (sent += len) >= big.length / 2) {
                        try {
                            assertThat(readerStarted.await(30, TimeUnit.SECONDS)).isTrue();
                        } catch (InterruptedException e) {
                            throw new IOException(e);
                        }
                    }
                }
            }, 997)) {
                tar = writer.spool(entries.iterator(), out);
            }
            LayerWriter.Compressed done = blob.get(60, TimeUnit.SECONDS);
            assertThat(tar.diffId()).isEqualTo(whole.diffId());
            assertThat(done.tarSize()).isEqualTo(tar.size()).isEqualTo(Files.size(spool.file()));
            assertThat(done.digest()).isEqualTo(whole.digest());
            assertThat(compressed.toByteArray()).isEqualTo(Files.readAllBytes(whole.file()));

            // A writer that fails makes its reader fail: a half-written spool never becomes a blob.
            SpoolFile failed = SpoolFile.create(Files.createTempFile(dir, "spool-", ".tar"));
            InputStream half = failed.reader();
            Future<LayerWriter.Compressed> none = reader.submit(() -> writer.compress(half,
                    new DigestingOutputStream(new ByteArrayOutputStream())));
            failed.output().write(big, 0, 1000);
            failed.abort(new IOException("disk full"));
            assertThatThrownBy(() -> none.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasRootCauseMessage("disk full").hasMessageContaining("was not completed");
        } finally {
            reader.shutdownNow();
        }
    }

    @Test
    void deflatersKeptFromBlockToBlockGiveTheBytesOfNewOnes() throws Exception {
        // Stored, compressed and half-compressible blocks and a short last one, in one stream, on one thread and on
        // two. The digest is what a new Deflater per block and per probe wrote (the code before deflaters were
        // kept): a blob's bytes, and so its digest, do not change with that.
        int block = ParallelGzipOutputStream.BLOCK;
        byte[] data = new byte[7 * block + 999];
        new Random(11).nextBytes(data);
        byte[] text = "a line of text that repeats itself, more or less\n".repeat(8 * block / 40)
                .getBytes(StandardCharsets.UTF_8);
        for (int b = 1; b < 7; b += 2) {
            System.arraycopy(text, b * 100, data, b * block, block);
        }
        for (int i = 4 * block; i < 5 * block; i += 3) {
            data[i] = 'x';
        }
        for (ExecutorService executor : Arrays.asList(null, POOL)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ParallelGzipOutputStream gz = new ParallelGzipOutputStream(out, 1, executor, 2)) {
                gz.write(data);
            }
            assertThat(out.size()).isEqualTo(501_672);
            assertThat(sha256(out.toByteArray()))
                    .isEqualTo("sha256:90310cf1ba6b211310d72c0c55382bbee7727bee66e9532fc5610f464dc84690");
        }
    }

    @Test
    void gzipToolReadsParallelOutput() throws Exception {
        byte[] data = new byte[5 * ParallelGzipOutputStream.BLOCK];
        new Random(3).nextBytes(data);
        List<LayerEntry> entries = List.of(LayerEntry.file("r.bin", 0644, 0, 0, data.length, T, bytes(data)));
        LayerBlob blob = new LayerWriter(Compression.GZIP, POOL, 2).write(entries.iterator(), dir);
        Process p = new ProcessBuilder("gzip", "-t", blob.file().toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }

    @Test
    void incompressibleBlocksAreStoredAndTextIsCompressed() throws Exception {
        int block = ParallelGzipOutputStream.BLOCK;
        byte[] data = new byte[4 * block];
        new Random(5).nextBytes(data); // blocks 0 and 2 random, 1 and 3 text
        byte[] text = "a line of text that repeats itself\n".repeat(block / 30).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(text, 0, data, block, block);
        System.arraycopy(text, 0, data, 3 * block, block);
        byte[] random = Arrays.copyOf(data, block);
        assertThat(ParallelGzipOutputStream.incompressible(random)).isTrue();
        assertThat(ParallelGzipOutputStream.incompressible(Arrays.copyOfRange(data, block, 2 * block)))
                .isFalse();
        // Stored: the block comes out at its own size (plus a few bytes of framing), not searched in vain.
        assertThat(ParallelGzipOutputStream.deflate(random, null, false, 1).length).isBetween(block, block + 64);

        List<LayerEntry> entries = List.of(LayerEntry.file("mixed.bin", 0644, 0, 0, data.length, T, bytes(data)));
        LayerBlob parallel = new LayerWriter(Compression.GZIP, POOL, 2).write(entries.iterator(), dir);
        LayerBlob serial = new LayerWriter(Compression.GZIP, null, 1).write(entries.iterator(), dir);
        assertThat(parallel.digest()).isEqualTo(serial.digest());
        assertThat(parallel.size()).isLessThan(2L * block + block / 4); // the text blocks did shrink
        Process p = new ProcessBuilder("gzip", "-t", parallel.file().toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(parallel.file()));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            tar.getNextEntry();
            assertThat(tar.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void zstdAndUncompressed() throws Exception {
        LayerBlob zstd = new LayerWriter(Compression.ZSTD, null, 1).write(sample().iterator(), dir);
        LayerBlob none = new LayerWriter(Compression.NONE, null, 1).write(sample().iterator(), dir);
        assertThat(zstd.diffId()).isEqualTo(none.diffId());
        assertThat(none.digest()).isEqualTo(none.diffId());
        byte[] tar = Files.readAllBytes(none.file());
        assertThat(none.digest()).isEqualTo(sha256(tar));
        assertThat(none.size()).isEqualTo(tar.length);
        assertThat(none.mediaType()).isEqualTo("application/vnd.oci.image.layer.v1.tar");
        assertThat(zstd.mediaType()).endsWith("+zstd");
        try (InputStream in = ZstdStreams.decompress(Files.newInputStream(zstd.file()))) {
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(none.file()));
        }
    }

    @Test
    void fileThatChangedSizeFailsAndLeavesNoTempFile() throws IOException {
        List<LayerEntry> entries = List.of(LayerEntry.file("f", 0644, 0, 0, 10, T, bytes(new byte[5])));
        assertThatThrownBy(() -> new LayerWriter(Compression.GZIP, null, 1).write(entries.iterator(), dir))
                .isInstanceOf(IOException.class).hasMessageContaining("f: file shrank while being read");
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void badPathsAreRefused() {
        assertThatThrownBy(() -> LayerEntry.directory("../x", 0755, 0, 0, T)).hasMessageContaining("..");
        assertThatThrownBy(() -> LayerEntry.directory("/abs", 0755, 0, 0, T)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String sha256(byte[] b) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
