package io.jbuild.core.layer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Tar archives as docker recognises them by content, not by name (ADD's local archives, a context sent on
 * standard input): plain, or compressed with gzip, bzip2, xz or zstd.
 */
public final class Archives {

    /** How many leading bytes {@link #startsArchive} needs. */
    public static final int HEAD_BYTES = 512;

    private Archives() {
    }

    /** {@code in} decompressed as its first bytes say (gzip, bzip2, xz, zstd), or as it is. */
    public static InputStream decompressed(InputStream in) throws IOException {
        InputStream raw = new BufferedInputStream(in, 1 << 16);
        raw.mark(8);
        byte[] head = raw.readNBytes(6);
        raw.reset();
        return switch (compression(head)) {
            case "gzip" -> new GzipCompressorInputStream(raw, true);
            case "bzip2" -> new BZip2CompressorInputStream(raw, true);
            case "xz" -> new XZCompressorInputStream(raw, true);
            case "zstd" -> ZstdStreams.decompress(raw);
            default -> raw;
        };
    }

    /** Whether {@code head}, a stream's first bytes, starts a compressed stream or a tar. */
    public static boolean startsArchive(byte[] head) {
        return !compression(head).isEmpty() || isTarHeader(head);
    }

    /**
     * Whether {@code header} is a tar header block: its {@code ustar} magic, or (old v7 tars, which have none) a
     * header checksum that matches its bytes.
     */
    public static boolean isTarHeader(byte[] header) {
        if (header.length < 512) {
            return false;
        }
        if (new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
            return true;
        }
        String field = new String(header, 148, 8, StandardCharsets.US_ASCII);
        int end = field.indexOf('\0');
        field = (end >= 0 ? field.substring(0, end) : field).trim();
        if (field.isEmpty() || !field.chars().allMatch(c -> c >= '0' && c <= '7')) {
            return false;
        }
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xff);
        }
        return Long.parseLong(field, 8) == sum;
    }

    /** The compression whose magic number starts {@code h}, or "" for none. */
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
        return "";
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
}
