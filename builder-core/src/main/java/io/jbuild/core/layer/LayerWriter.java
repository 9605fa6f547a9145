package io.jbuild.core.layer;

import io.jbuild.core.image.DigestedOutput;
import io.jbuild.core.image.DigestingOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.concurrent.ExecutorService;
import java.util.zip.Deflater;

/**
 * Writes layer tars: entries in the order given (callers sort them), as {@link TarWriter} writes them, compressed
 * as asked, streamed to a temporary file or a blob writer while the tar's digest is computed (the blob's is the
 * sink's own: a store's blob writer digests what it stores, and the same bytes are not digested twice).
 * Nothing of a layer is held in memory.
 */
public final class LayerWriter {

    /**
     * Deflate level 1: measured here on 64 MB of source-like text it is four times faster than the default level 6
     * (73 against 19 MB/s a core) for 3% larger output, and the same on incompressible data; build time is what
     * users wait for.
     */
    static final int GZIP_LEVEL = Deflater.BEST_SPEED;

    private final Compression compression;
    private final ExecutorService executor;
    private final int parallelism;

    /**
     * @param executor    shared pool for parallel gzip; null to compress on the calling thread
     * @param parallelism the pool's size
     */
    public LayerWriter(Compression compression, ExecutorService executor, int parallelism) {
        this.compression = compression;
        this.executor = executor;
        this.parallelism = parallelism;
    }

    /** The media type of the layers this writer makes. */
    public String mediaType() {
        return compression.mediaType();
    }

    /** Writes {@code entries} into a new temporary file in {@code dir}; the caller moves or deletes it. */
    public LayerBlob write(Iterator<LayerEntry> entries, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, "layer-", ".tmp");
        boolean done = false;
        try {
            LayerBlob result;
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                result = write(entries, new DigestingOutputStream(out)).withFile(file);
            }
            done = true;
            return result;
        } finally {
            if (!done) {
                Files.deleteIfExists(file);
            }
        }
    }

    /**
     * Writes {@code entries} as a compressed layer into {@code sink} (left open), a new stream (everything written
     * to it is the blob) whose own digest is the blob's, e.g. a store's blob writer; the result's file is null.
     */
    public <S extends OutputStream & DigestedOutput> LayerBlob write(Iterator<LayerEntry> entries, S sink)
            throws IOException {
        OutputStream blob = new BufferedOutputStream(new OpenOutputStream(sink), 1 << 16);
        if (compression == Compression.NONE) {
            // The blob is the tar: the sink's digest is the diff ID too.
            writeTar(entries, blob);
            String digest = sink.digest().toString();
            return new LayerBlob(null, digest, sink.size(), digest, compression.mediaType());
        }
        DigestingOutputStream tarBytes;
        try (OutputStream compressed = compressor(blob)) {
            tarBytes = new DigestingOutputStream(compressed);
            writeTar(entries, tarBytes);
        }
        return new LayerBlob(null, sink.digest().toString(), sink.size(), tarBytes.digest().toString(),
                compression.mediaType());
    }

    /** Writes the entries as a tar into {@code out} and closes it. */
    private static void writeTar(Iterator<LayerEntry> entries, OutputStream out) throws IOException {
        try (TarWriter tar = new TarWriter(out)) {
            while (entries.hasNext()) {
                tar.put(entries.next());
            }
        }
    }

    /** A layer's tar as written uncompressed by {@link #spool}: its diff ID ({@code sha256:...}) and length. */
    public record Tar(String diffId, long size) {
    }

    /**
     * Writes {@code entries} as an uncompressed tar into {@code sink} (left open) and digests it: the first half
     * of {@link #write(Iterator, OutputStream)}, for a caller that compresses later with {@link #compress}. The
     * two halves give the same bytes as the whole.
     */
    public Tar spool(Iterator<LayerEntry> entries, OutputStream sink) throws IOException {
        DigestingOutputStream tarBytes = new DigestingOutputStream(
                new BufferedOutputStream(new OpenOutputStream(sink), 1 << 16));
        writeTar(entries, tarBytes);
        return new Tar(tarBytes.digest().toString(), tarBytes.size());
    }

    /**
     * Compresses a tar {@link #spool} wrote ({@code tar}, read to its end) into {@code sink} (left open; a new
     * stream whose digest is the blob's, as for {@link #write(Iterator, OutputStream)}); the result's file is null.
     */
    public <S extends OutputStream & DigestedOutput> LayerBlob compress(InputStream tar, Tar spooled, S sink)
            throws IOException {
        Compressed blob = compress(tar, sink);
        if (blob.tarSize() != spooled.size()) {
            throw new IOException("the spooled layer has " + blob.tarSize() + " bytes, " + spooled.size()
                    + " were written");
        }
        return new LayerBlob(null, blob.digest(), blob.size(), spooled.diffId(), compression.mediaType());
    }

    /** A compressed tar: the blob's digest ({@code sha256:...}) and length, and how many tar bytes went in. */
    public record Compressed(String digest, long size, long tarSize) {
    }

    /**
     * Compresses a tar read to its end into {@code sink} (left open; a new stream whose digest is the blob's), for
     * a caller that learns the tar's diff ID only afterwards (a spool compressed while it is written): the caller
     * checks {@link Compressed#tarSize()} against the spooled tar.
     */
    public <S extends OutputStream & DigestedOutput> Compressed compress(InputStream tar, S sink)
            throws IOException {
        long copied;
        try (OutputStream compressed = compressor(new BufferedOutputStream(new OpenOutputStream(sink), 1 << 16))) {
            copied = tar.transferTo(compressed);
        }
        return new Compressed(sink.digest().toString(), sink.size(), copied);
    }

    private OutputStream compressor(OutputStream out) throws IOException {
        return switch (compression) {
            case GZIP -> new ParallelGzipOutputStream(out, GZIP_LEVEL, executor, parallelism);
            case ZSTD -> ZstdStreams.compress(out);
            case NONE -> out;
        };
    }
}
