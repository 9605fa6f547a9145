package io.jbuild.differential;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small, strict tar reader written for the differential test, deliberately independent of the tar library the
 * engine writes with: ustar and GNU headers (checksums verified, octal and base-256 numbers), GNU long names
 * ({@code L}, {@code K}) and PAX extended headers ({@code x}, {@code g}). Sparse files are refused.
 */
final class TarReader {

    private static final int BLOCK = 512;
    private static final int MAX_META = 1 << 20;

    private final InputStream in;
    private final Map<String, String> global = new HashMap<>();
    private long remaining;
    private long padding;

    TarReader(InputStream in) {
        this.in = in;
    }

    /** The next member, or null at the end of the archive; its content is read through {@link #content()}. */
    TarEntry next() throws IOException {
        skip(remaining + padding);
        remaining = 0;
        padding = 0;
        Map<String, String> pax = new HashMap<>(global);
        String longName = null;
        String longLink = null;
        while (true) {
            byte[] h = readBlock();
            if (h == null || allZero(h)) {
                return null;
            }
            verifyChecksum(h);
            char type = (char) h[156];
            long size = number(h, 124, 12);
            switch (type) {
                case 'x' -> {
                    pax.putAll(paxRecords(meta(size)));
                    continue;
                }
                case 'g' -> {
                    Map<String, String> g = paxRecords(meta(size));
                    global.putAll(g);
                    pax.putAll(g);
                    continue;
                }
                case 'L' -> {
                    longName = cString(meta(size));
                    continue;
                }
                case 'K' -> {
                    longLink = cString(meta(size));
                    continue;
                }
                case 'S' -> throw new IOException("sparse tar members are not supported");
                default -> {
                    return entry(h, type, size, pax, longName, longLink);
                }
            }
        }
    }

    /** The current member's content; valid until the next call of {@link #next()}. */
    InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining == 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new EOFException("tar member truncated");
                }
                remaining -= n;
                return n;
            }
        };
    }

    private TarEntry entry(byte[] h, char type, long size, Map<String, String> pax, String longName,
                           String longLink) throws IOException {
        boolean posix = "ustar\0".equals(ascii(h, 257, 6));
        String name = cString(h, 0, 100);
        if (posix) {
            String prefix = cString(h, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
        }
        if (longName != null) {
            name = longName;
        }
        name = pax.getOrDefault("path", name);
        String link = longLink != null ? longLink : cString(h, 157, 100);
        link = pax.getOrDefault("linkpath", link);
        long uid = pax.containsKey("uid") ? Long.parseLong(pax.get("uid")) : number(h, 108, 8);
        long gid = pax.containsKey("gid") ? Long.parseLong(pax.get("gid")) : number(h, 116, 8);
        if (pax.containsKey("size")) {
            size = Long.parseLong(pax.get("size"));
        }
        Instant mtime = pax.containsKey("mtime") ? paxTime(pax.get("mtime")) : Instant.ofEpochSecond(number(h, 136, 12));
        Map<String, String> xattrs = new TreeMap<>();
        pax.forEach((k, v) -> {
            if (k.startsWith("SCHILY.xattr.")) {
                xattrs.put(k.substring("SCHILY.xattr.".length()), v);
            }
        });
        boolean headerOnly = "12345".indexOf(type) >= 0;
        long data = headerOnly ? 0 : size;
        remaining = data;
        padding = (BLOCK - data % BLOCK) % BLOCK;
        return new TarEntry(name, type, (int) (number(h, 100, 8) & 07777), uid, gid, data, mtime, link,
                pax.getOrDefault("uname", cString(h, 265, 32)), pax.getOrDefault("gname", cString(h, 297, 32)),
                (int) number(h, 329, 8), (int) number(h, 337, 8), xattrs);
    }

    private static Instant paxTime(String value) {
        BigDecimal t = new BigDecimal(value);
        long seconds = t.setScale(0, RoundingMode.FLOOR).longValueExact();
        long nanos = t.subtract(BigDecimal.valueOf(seconds)).movePointRight(9).setScale(0, RoundingMode.FLOOR)
                .longValueExact();
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** PAX records: {@code "LEN key=value\n"}, LEN counting the whole record. */
    static Map<String, String> paxRecords(byte[] data) throws IOException {
        Map<String, String> out = new HashMap<>();
        int pos = 0;
        while (pos < data.length) {
            int space = pos;
            while (space < data.length && data[space] != ' ') {
                space++;
            }
            if (space == data.length) {
                throw new IOException("malformed PAX record");
            }
            int len = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
            if (len <= space - pos + 1 || pos + len > data.length || data[pos + len - 1] != '\n') {
                throw new IOException("malformed PAX record length " + len);
            }
            String record = new String(data, space + 1, pos + len - space - 2, StandardCharsets.UTF_8);
            int eq = record.indexOf('=');
            if (eq <= 0) {
                throw new IOException("malformed PAX record " + record);
            }
            String key = record.substring(0, eq);
            if (key.startsWith("SCHILY.xattr.")) {
                // Attribute values are bytes (a file capability is binary): kept one char per byte, shown in hex.
                int keyBytes = key.getBytes(StandardCharsets.UTF_8).length;
                int from = space + 1 + keyBytes + 1;
                out.put(key, "0x" + HexFormat.of().formatHex(data, from, pos + len - 1));
            } else {
                out.put(key, record.substring(eq + 1));
            }
            pos += len;
        }
        return out;
    }

    private byte[] meta(long size) throws IOException {
        if (size < 0 || size > MAX_META) {
            throw new IOException("tar metadata member of " + size + " bytes");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length != size) {
            throw new EOFException("tar metadata member truncated");
        }
        skip((BLOCK - size % BLOCK) % BLOCK);
        return data;
    }

    private byte[] readBlock() throws IOException {
        byte[] b = in.readNBytes(BLOCK);
        if (b.length == 0) {
            return null;
        }
        if (b.length != BLOCK) {
            throw new EOFException("tar header truncated");
        }
        return b;
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            long s = in.skip(n);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("tar stream truncated");
                }
                s = 1;
            }
            n -= s;
        }
    }

    private static void verifyChecksum(byte[] h) throws IOException {
        long stored = number(h, 148, 8);
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = i >= 148 && i < 156 ? ' ' : h[i];
            unsigned += b & 0xff;
            signed += (byte) b;
        }
        if (stored != unsigned && stored != signed) {
            throw new IOException("tar header checksum mismatch (" + stored + " stored, " + unsigned + " computed)");
        }
    }

    /** An octal number (spaces and NULs around it) or, with the high bit of the first byte set, base-256. */
    static long number(byte[] h, int off, int len) throws IOException {
        if ((h[off] & 0x80) != 0) {
            if ((h[off] & 0x40) != 0) {
                throw new IOException("negative base-256 number in tar header");
            }
            long v = h[off] & 0x3f;
            for (int i = 1; i < len; i++) {
                if ((v >>> 55) != 0) {
                    throw new IOException("base-256 number too large");
                }
                v = (v << 8) | (h[off + i] & 0xff);
            }
            return v;
        }
        String s = ascii(h, off, len).replace('\0', ' ').trim();
        if (s.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new IOException("bad octal number in tar header: '" + s + "'");
        }
    }

    private static String ascii(byte[] h, int off, int len) {
        return new String(h, off, len, StandardCharsets.ISO_8859_1);
    }

    private static String cString(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static String cString(byte[] data) {
        return cString(data, 0, data.length);
    }

    private static boolean allZero(byte[] h) {
        for (byte b : h) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
