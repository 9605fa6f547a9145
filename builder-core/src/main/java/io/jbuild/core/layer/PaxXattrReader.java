package io.jbuild.core.layer;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Follows the tar stream a tar reader consumes and keeps the raw bytes of the {@code SCHILY.xattr.*} records of
 * each entry's PAX header. commons-compress decodes PAX values as UTF-8, which mangles binary values such as a
 * file capability ({@code security.capability}); here they are kept byte for byte. Bytes pass through unchanged;
 * {@link #xattrs()} belongs to the entry whose header the reader read last.
 */
final class PaxXattrReader extends FilterInputStream {

    static final String PREFIX = "SCHILY.xattr.";
    private static final int BLOCK = 512;
    /** PAX headers bigger than this are not followed for attributes (commons-compress still reads them). */
    private static final int MAX_PAX_BYTES = 1 << 20;

    private final byte[] header = new byte[BLOCK];
    private int headerFill;
    /** Bytes of the current entry's content (and padding) still to pass before the next header. */
    private long contentLeft;
    private ByteArrayOutputStream pax;
    private long paxSize;
    private Map<String, byte[]> pending = Map.of();
    private Map<String, byte[]> current = Map.of();

    PaxXattrReader(InputStream in) {
        super(in);
    }

    /** The extended attributes of the entry last read, raw values, names without the prefix. */
    Map<String, byte[]> xattrs() {
        return current;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            follow(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            follow(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Read rather than skip, so that no header goes by unseen.
        byte[] buf = new byte[(int) Math.min(n, 1 << 16)];
        long done = 0;
        while (done < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void follow(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            if (contentLeft > 0) {
                int take = (int) Math.min(contentLeft, end - i);
                if (pax != null) {
                    long want = paxSize - pax.size();
                    pax.write(b, i, (int) Math.min(want, take));
                    if (pax.size() == paxSize) {
                        pending = records(pax.toByteArray());
                        pax = null;
                    }
                }
                contentLeft -= take;
                i += take;
                continue;
            }
            int take = Math.min(BLOCK - headerFill, end - i);
            System.arraycopy(b, i, header, headerFill, take);
            headerFill += take;
            i += take;
            if (headerFill == BLOCK) {
                headerFill = 0;
                header();
            }
        }
    }

    private void header() {
        boolean zero = true;
        for (byte x : header) {
            if (x != 0) {
                zero = false;
                break;
            }
        }
        if (zero) {
            return; // end-of-archive blocks
        }
        long size = size();
        byte type = header[156];
        contentLeft = (size + BLOCK - 1) / BLOCK * BLOCK;
        if (type == 'x' || type == 'X') {
            paxSize = size;
            pax = size > 0 && size <= MAX_PAX_BYTES ? new ByteArrayOutputStream((int) size) : null;
            pending = Map.of();
        } else if (type != 'g' && type != 'L' && type != 'K') {
            current = pending;
            pending = Map.of();
        }
    }

    /** The size field: octal text, or base-256 when its first byte has the high bit set. */
    private long size() {
        if ((header[124] & 0x80) != 0) {
            long v = 0;
            for (int i = 125; i < 136; i++) {
                v = (v << 8) | (header[i] & 0xff);
            }
            return v;
        }
        long v = 0;
        boolean digits = false;
        for (int i = 124; i < 136; i++) {
            byte c = header[i];
            if (c >= '0' && c <= '7') {
                v = v * 8 + (c - '0');
                digits = true;
            } else if (c != ' ' || digits) {
                break; // NUL or space after the digits ends the field; leading spaces are padding
            }
        }
        return v;
    }

    /** PAX records ({@code "LEN KEY=VALUE\n"}), only the attribute ones, values as raw bytes. */
    static Map<String, byte[]> records(byte[] data) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        int i = 0;
        while (i < data.length) {
            int space = i;
            while (space < data.length && data[space] != ' ') {
                space++;
            }
            int length;
            try {
                length = Integer.parseInt(new String(data, i, space - i, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                break; // a malformed header: commons-compress reports it
            }
            int recordEnd = i + length;
            if (length <= 0 || recordEnd > data.length || data[recordEnd - 1] != '\n') {
                break;
            }
            int eq = space + 1;
            while (eq < recordEnd && data[eq] != '=') {
                eq++;
            }
            String key = new String(data, space + 1, eq - space - 1, StandardCharsets.UTF_8);
            if (key.startsWith(PREFIX) && eq < recordEnd) {
                out.put(key.substring(PREFIX.length()), Arrays.copyOfRange(data, eq + 1, recordEnd - 1));
            }
            i = recordEnd;
        }
        return out;
    }
}
