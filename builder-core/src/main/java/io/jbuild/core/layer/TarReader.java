package io.jbuild.core.layer;

import io.jbuild.core.fs.RootPath;
import io.jbuild.core.image.DigestingInputStream;
import io.jbuild.grammar.reference.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The one reader of file-tree tars: layers, ADD's archives and a context sent on standard input (through
 * {@link LayerApplier}), and {@code cp}'s tar stream. Every name, and every hard link's target, comes cleaned and
 * relative to the archive's top, and one that climbs above it is refused ({@link OutsideException}); extended
 * attributes come byte for byte; the bytes read, and the bytes files expand to (sparse entries), stop at a limit,
 * so a decompression bomb fails instead of filling the disk. Entries of types a file tree cannot hold are passed
 * over.
 */
public final class TarReader implements AutoCloseable {

    /**
     * One entry of the archive.
     *
     * @param name       cleaned, relative to the archive's top, no leading or trailing slash; empty for the top
     *                   itself ({@code ./})
     * @param raw        the name as the archive wrote it, for messages
     * @param linkTarget a symlink's target as written; a hard link's target cleaned as {@code name} is
     * @param xattrs     extended attributes ({@code SCHILY.xattr.*}), raw values
     */
    public record Entry(String name, String raw, LayerEntry.Type type, int mode, long uid, long gid, long size,
                        Instant modified, String linkTarget, int devMajor, int devMinor, Map<String, byte[]> xattrs) {

        public boolean is(LayerEntry.Type t) {
            return type == t;
        }
    }

    /** An entry, or a hard link's target, whose name climbs above the archive's top. */
    public static final class OutsideException extends IOException {
        private static final long serialVersionUID = 1L;
        private final String entry;

        OutsideException(String entry) {
            super("layer entry \"" + entry + "\" points outside the image root");
            this.entry = entry;
        }

        /** The name as the archive wrote it. */
        public String entry() {
            return entry;
        }
    }

    private final Budget budget;
    /** What {@link #finish()} reads to the end; then {@link #digest} holds the diff ID. */
    private final InputStream source;
    private final Supplier<Digest> digest;
    private final PaxXattrReader xattrs;
    private final TarArchiveInputStream tar;

    /**
     * @param tarBytes an uncompressed tar; a {@link LayerStream} digests itself, not again here
     * @param maxBytes the most bytes read, and the most bytes its files may expand to
     */
    public TarReader(InputStream tarBytes, long maxBytes) {
        budget = new Budget(tarBytes, maxBytes);
        if (tarBytes instanceof LayerStream layer) {
            source = budget;
            digest = layer::diffId;
        } else {
            DigestingInputStream digesting = new DigestingInputStream(budget);
            source = digesting;
            digest = digesting::digest;
        }
        xattrs = new PaxXattrReader(source);
        tar = new TarArchiveInputStream(xattrs);
    }

    /** The next entry, or null at the end of the archive. */
    public Entry next() throws IOException {
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            LayerEntry.Type type = type(e);
            if (type != null) {
                return new Entry(name(e.getName()), e.getName(), type, e.getMode() & 07777, e.getLongUserId(),
                        e.getLongGroupId(), e.getSize(), e.getModTime().toInstant(),
                        type == LayerEntry.Type.HARDLINK ? name(e.getLinkName()) : e.getLinkName(),
                        e.getDevMajor(), e.getDevMinor(), xattrs.xattrs());
            }
        }
        return null;
    }

    /**
     * The bytes of the entry {@link #next()} returned last, as the archive holds them (a sparse entry's holes as
     * zeros), counted against the limit; closing it leaves the archive open.
     */
    public InputStream content() {
        return new FilterInputStream(tar) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    budget.expanded(1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    budget.expanded(n);
                }
                return n;
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * Reads the archive to its end, padding after the end-of-archive blocks included.
     *
     * @return its digest ({@code sha256:...}), a layer's diff ID
     */
    public String finish() throws IOException {
        while (next() != null) {
            // entries not read by the caller are still part of the digest
        }
        source.transferTo(OutputStream.nullOutputStream());
        return digest.get().toString();
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }

    /** The entry's type in a file tree, or null for one a file tree cannot hold (checked in this order). */
    private static LayerEntry.Type type(TarArchiveEntry e) {
        if (e.isDirectory()) {
            return LayerEntry.Type.DIRECTORY;
        } else if (e.isSymbolicLink()) {
            return LayerEntry.Type.SYMLINK;
        } else if (e.isLink()) {
            return LayerEntry.Type.HARDLINK;
        } else if (e.isCharacterDevice()) {
            return LayerEntry.Type.CHAR_DEVICE;
        } else if (e.isBlockDevice()) {
            return LayerEntry.Type.BLOCK_DEVICE;
        } else if (e.isFIFO()) {
            return LayerEntry.Type.FIFO;
        } else if (e.isFile()) {
            return LayerEntry.Type.FILE;
        }
        return null; // sockets, contiguous files' odd cousins: no place in a file tree
    }

    /** The name cleaned; one that would climb above the top is refused outright. */
    static String name(String raw) throws OutsideException {
        String trimmed = raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
        int depth = 0;
        for (String s : trimmed.split("/")) {
            if (s.equals("..")) {
                if (--depth < 0) {
                    throw new OutsideException(raw);
                }
            } else if (!s.isEmpty() && !s.equals(".")) {
                depth++;
            }
        }
        return RootPath.clean(trimmed);
    }

    /**
     * Stops reading past the limit, so a decompression bomb fails instead of filling the disk; and stops file
     * content past it, for sparse entries that expand far beyond the bytes read.
     */
    private static final class Budget extends FilterInputStream {
        private final long max;
        private long read;
        private long expanded;

        Budget(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        void expanded(int n) throws IOException {
            expanded += n;
            if (expanded > max) {
                throw new IOException("the tar is larger than the limit of " + max + " uncompressed bytes"
                        + " (its files expand to more)");
            }
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > max) {
                throw new IOException("the tar is larger than the limit of " + max + " uncompressed bytes");
            }
        }
    }
}
