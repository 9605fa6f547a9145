package io.jbuild.core.layer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The one writer of tar entries for file trees, for layers ({@link LayerWriter}) and {@code cp}'s tar streams:
 * headers as Go's archive/tar writes them for BuildKit and docker (permission bits only, numeric owners without
 * names, whole seconds), PAX records for long or non-ASCII names, big numbers and extended attributes (binary
 * values byte for byte), hard links and devices. A file's bytes are streamed and must be exactly the size its entry
 * announces.
 */
public final class TarWriter implements AutoCloseable {

    private final TarArchiveOutputStream tar;

    /** @param out receives the tar; {@link #close()} ends the archive and flushes, leaving {@code out} open */
    public TarWriter(OutputStream out) {
        tar = new TarArchiveOutputStream(new OpenOutputStream(out), StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    /** Writes {@code e} named by its path (a directory's with a trailing slash). */
    public void put(LayerEntry e) throws IOException {
        put(e.path(), e);
    }

    /**
     * Writes {@code e} under {@code name} instead of its path, for names a layer path cannot have ({@code ./} and
     * {@code ./x}, which {@code cp DIR/. -} writes); a directory's name gets its trailing slash here.
     */
    public void put(String name, LayerEntry e) throws IOException {
        String written = e.type() == LayerEntry.Type.DIRECTORY && !name.endsWith("/") ? name + "/" : name;
        TarArchiveEntry t = new TarArchiveEntry(written, switch (e.type()) {
            case DIRECTORY -> TarConstants.LF_DIR;
            case FILE -> TarConstants.LF_NORMAL;
            case SYMLINK -> TarConstants.LF_SYMLINK;
            case HARDLINK -> TarConstants.LF_LINK;
            case CHAR_DEVICE -> TarConstants.LF_CHR;
            case BLOCK_DEVICE -> TarConstants.LF_BLK;
            case FIFO -> TarConstants.LF_FIFO;
        });
        // Permission and special bits only, as Go's archive/tar writes them for BuildKit.
        t.setMode(e.mode() & 07777);
        t.setUserId(e.uid());
        t.setGroupId(e.gid());
        t.setUserName("");
        t.setGroupName("");
        t.setModTime(new Date(e.modified().getEpochSecond() * 1000));
        if (e.type() == LayerEntry.Type.SYMLINK || e.type() == LayerEntry.Type.HARDLINK) {
            t.setLinkName(e.linkTarget());
        }
        if (e.type() == LayerEntry.Type.CHAR_DEVICE || e.type() == LayerEntry.Type.BLOCK_DEVICE) {
            t.setDevMajor(e.devMajor());
            t.setDevMinor(e.devMinor());
        }
        boolean binary = e.xattrs().values().stream().anyMatch(v -> !isUtf8(v));
        if (!binary) {
            for (Map.Entry<String, byte[]> x : e.xattrs().entrySet()) {
                t.addPaxHeader(PaxXattrReader.PREFIX + x.getKey(), new String(x.getValue(), StandardCharsets.UTF_8));
            }
        }
        if (e.type() == LayerEntry.Type.FILE) {
            t.setSize(e.size());
        }
        if (binary) {
            putWithRawPax(t, written, e);
        } else {
            tar.putArchiveEntry(t);
        }
        if (e.type() == LayerEntry.Type.FILE) {
            copyExactly(e, tar);
        }
        tar.closeArchiveEntry();
    }

    /** Ends the archive (its two zero blocks) and flushes; the stream given stays open. */
    @Override
    public void close() throws IOException {
        tar.finish();
        tar.close();
    }

    private static boolean isUtf8(byte[] value) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value));
            return true;
        } catch (CharacterCodingException ex) {
            return false;
        }
    }

    /**
     * commons-compress writes PAX values as UTF-8 text, which would mangle a binary attribute value (a file
     * capability with a bit 7 set, say): such an entry gets a PAX header written here byte for byte, as Go's
     * archive/tar writes it, holding its path, link target and attributes. The entry's own header must then add
     * no second PAX header (a reader keeps only the last): its name fields are truncated ASCII stand-ins and
     * numbers too big for octal go in base-256.
     */
    private void putWithRawPax(TarArchiveEntry t, String name, LayerEntry e) throws IOException {
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        record(records, "path", name.getBytes(StandardCharsets.UTF_8));
        if (e.type() == LayerEntry.Type.SYMLINK || e.type() == LayerEntry.Type.HARDLINK) {
            record(records, "linkpath", e.linkTarget().getBytes(StandardCharsets.UTF_8));
        }
        for (Map.Entry<String, byte[]> x : new TreeMap<>(e.xattrs()).entrySet()) {
            record(records, PaxXattrReader.PREFIX + x.getKey(), x.getValue());
        }
        byte[] body = records.toByteArray();
        String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        String base = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        TarArchiveEntry pax = new TarArchiveEntry("PaxHeaders.0/" + asciiStandIn(base, 80),
                TarConstants.LF_PAX_EXTENDED_HEADER_LC);
        pax.setSize(body.length);
        pax.setModTime(t.getModTime());
        pax.setUserName("");
        pax.setGroupName("");
        tar.putArchiveEntry(pax);
        tar.write(body);
        tar.closeArchiveEntry();
        t.setName(asciiStandIn(t.getName(), 99));
        if (t.isSymbolicLink() || t.isLink()) {
            t.setLinkName(asciiStandIn(t.getLinkName(), 99));
        }
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
        tar.setAddPaxHeadersForNonAsciiNames(false);
        try {
            tar.putArchiveEntry(t);
        } finally {
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
        }
    }

    /** One PAX record, {@code "LEN KEY=VALUE\n"}, where LEN counts the whole record, its own digits included. */
    private static void record(ByteArrayOutputStream out, String key, byte[] value) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        int rest = 1 + k.length + 1 + value.length + 1; // " KEY=VALUE\n"
        int len = rest + Integer.toString(rest).length();
        if (Integer.toString(len).length() != Integer.toString(rest).length()) {
            len = rest + Integer.toString(len).length();
        }
        out.writeBytes(Integer.toString(len).getBytes(StandardCharsets.US_ASCII));
        out.write(' ');
        out.writeBytes(k);
        out.write('=');
        out.writeBytes(value);
        out.write('\n');
    }

    /** {@code name} with every byte outside printable ASCII as '_', cut to {@code max} chars. */
    private static String asciiStandIn(String name, int max) {
        StringBuilder b = new StringBuilder();
        for (char c : name.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? c : '_');
        }
        boolean dir = name.endsWith("/");
        if (b.length() > max) {
            b.setLength(dir ? max - 1 : max);
            if (dir) {
                b.append('/');
            }
        }
        return b.toString();
    }

    /** Copies the file's bytes, refusing a file whose length changed since it was listed. */
    private static void copyExactly(LayerEntry e, OutputStream out) throws IOException {
        long expected = e.size();
        long copied = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = e.content().open()) {
            int n;
            while ((n = in.read(buf, 0, (int) Math.min(buf.length, Math.max(1, expected - copied + 1)))) > 0) {
                if (copied + n > expected) {
                    throw new IOException(e.path() + ": file grew while being read (expected " + expected + " bytes)");
                }
                out.write(buf, 0, n);
                copied += n;
            }
        }
        if (copied != expected) {
            throw new IOException(e.path() + ": file shrank while being read (expected " + expected + " bytes, got "
                    + copied + ")");
        }
    }
}
