package io.jbuild.core.context;

import io.jbuild.core.layer.LayerApplier;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A build context sent as an archive, as {@code docker build - < context.tar.gz} sends one: a tar, plain or
 * compressed with gzip, bzip2, xz or zstd, unpacked into a directory that then is the context. The archive cannot
 * write outside that directory (entries that climb out are refused, symlinks are resolved inside it), and it
 * stops at a size limit, so a decompression bomb cannot fill the disk.
 */
public final class ContextArchive {

    /** How many leading bytes {@link #isArchive} needs to tell an archive from a Dockerfile. */
    public static final int HEAD_BYTES = 512;

    private ContextArchive() {
    }

    /**
     * Whether {@code head} (the first up to {@link #HEAD_BYTES} bytes of a stream) starts an archive rather than
     * text: a compression format's magic number, or a tar header (its {@code ustar} magic, or a valid header
     * checksum for the old format).
     */
    public static boolean isArchive(byte[] head) {
        return compression(head) != null || isTarHeader(head);
    }

    /**
     * Unpacks the archive in {@code in} into {@code dir} (which should be empty).
     *
     * @param maxBytes the most uncompressed bytes accepted
     * @throws IOException not an archive, a corrupt one, an entry that climbs out of {@code dir}, or too large
     */
    public static void extract(InputStream in, Path dir, long maxBytes) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(HEAD_BYTES);
        byte[] head = buffered.readNBytes(HEAD_BYTES);
        buffered.reset();
        String compression = compression(head);
        if (compression == null && !isTarHeader(head)) {
            throw new IOException("not a tar archive (nor gzip, bzip2, xz or zstd)");
        }
        InputStream tar = switch (compression == null ? "" : compression) {
            case "bzip2" -> new BZip2CompressorInputStream(buffered, true);
            case "xz" -> new XZCompressorInputStream(buffered, true);
            case "gzip" -> new GZIPInputStream(buffered, 1 << 16);
            default -> buffered; // plain tar, or zstd, which the applier reads itself
        };
        LayerApplier applier = new LayerApplier(maxBytes, LayerApplier.Form.ARCHIVE);
        if (compression == null || compression.equals("zstd")) {
            applier.apply(tar, dir);
        } else {
            applier.applyTar(tar, dir);
        }
    }

    private static String compression(byte[] h) {
        if (starts(h, 0x1f, 0x8b)) {
            return "gzip";
        }
        if (starts(h, 'B', 'Z', 'h')) {
            return "bzip2";
        }
        if (starts(h, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
            return "xz";
        }
        if (starts(h, 0x28, 0xb5, 0x2f, 0xfd)) {
            return "zstd";
        }
        return null;
    }

    private static boolean starts(byte[] h, int... magic) {
        if (h.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((h[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** A 512-byte tar header: {@code ustar} at 257, or (v7 tars) the checksum at 148 matching the header's bytes. */
    private static boolean isTarHeader(byte[] h) {
        if (h.length < 512) {
            return false;
        }
        if (new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
            return true;
        }
        String field = new String(Arrays.copyOfRange(h, 148, 156), StandardCharsets.US_ASCII).trim();
        int nul = field.indexOf('\0');
        field = (nul >= 0 ? field.substring(0, nul) : field).trim();
        if (field.isEmpty() || !field.chars().allMatch(c -> c >= '0' && c <= '7')) {
            return false;
        }
        long stored = Long.parseLong(field, 8);
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        }
        return stored == sum;
    }
}
