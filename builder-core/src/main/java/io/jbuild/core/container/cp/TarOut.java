package io.jbuild.core.container.cp;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** A copied tree as a tar stream ({@code cp C:SRC -}): owners, modes and times as they are in the container. */
final class TarOut implements AutoCloseable {

    private final TarArchiveOutputStream tar;
    private final Map<Node.Inode, String> linked = new HashMap<>();

    TarOut(OutputStream out) {
        tar = new TarArchiveOutputStream(new FilterOutputStream(out) {
            @Override
            public void close() throws IOException {
                flush(); // the caller's stream (standard output) stays open
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }
        });
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    /** Writes what it visits as entries named {@code base/...}. */
    TreeReader.Visitor visitor(String base) {
        return new TreeReader.Visitor() {
            @Override
            public void enter(List<String> path, Node directory) throws IOException {
                TarArchiveEntry e = new TarArchiveEntry(name(base, path) + "/", TarConstants.LF_DIR);
                put(e, directory);
                tar.closeArchiveEntry();
            }

            @Override
            public void leave(List<String> path, Node directory) {
            }

            @Override
            public void file(List<String> path, Node file, InputStream content) throws IOException {
                String first = file.hardLinked() ? linked.putIfAbsent(file.inode(), name(base, path)) : null;
                if (first != null) {
                    TarArchiveEntry link = new TarArchiveEntry(name(base, path), TarConstants.LF_LINK);
                    link.setLinkName(first);
                    put(link, file);
                    tar.closeArchiveEntry();
                    return;
                }
                TarArchiveEntry e = new TarArchiveEntry(name(base, path), TarConstants.LF_NORMAL);
                // the size is the one read when the entry was met: a file growing meanwhile is cut there
                e.setSize(file.size());
                put(e, file);
                long copied = Math.min(content.transferTo(new BoundedOut(tar, e.getSize())), e.getSize());
                for (long i = copied; i < e.getSize(); i++) {
                    tar.write(0); // shrunk meanwhile: padded to the size announced
                }
                tar.closeArchiveEntry();
            }

            @Override
            public void other(List<String> path, Node node) throws IOException {
                byte type = switch (node.type()) {
                    case SYMLINK -> TarConstants.LF_SYMLINK;
                    case FIFO -> TarConstants.LF_FIFO;
                    case CHAR_DEVICE -> TarConstants.LF_CHR;
                    case BLOCK_DEVICE -> TarConstants.LF_BLK;
                    default -> 0;
                };
                if (type == 0) {
                    return; // sockets have no tar form
                }
                TarArchiveEntry e = new TarArchiveEntry(name(base, path), type);
                if (node.type() == Node.Type.SYMLINK) {
                    e.setLinkName(node.linkTarget());
                } else if (type != TarConstants.LF_FIFO) {
                    e.setDevMajor((int) NodeWriter.major(node.rdev()));
                    e.setDevMinor((int) NodeWriter.minor(node.rdev()));
                }
                put(e, node);
                tar.closeArchiveEntry();
            }
        };
    }

    private void put(TarArchiveEntry e, Node node) throws IOException {
        e.setMode(node.mode());
        e.setUserId(node.uid());
        e.setGroupId(node.gid());
        e.setModTime(node.modified());
        tar.putArchiveEntry(e);
    }

    private static String name(String base, List<String> path) {
        return path.isEmpty() ? base : base + "/" + String.join("/", path);
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }

    /** Passes at most {@code limit} bytes on, dropping the rest. */
    private static final class BoundedOut extends OutputStream {
        private final OutputStream out;
        private long left;

        BoundedOut(OutputStream out, long limit) {
            this.out = out;
            this.left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            if (left > 0) {
                out.write(b);
                left--;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int n = (int) Math.min(len, left);
            if (n > 0) {
                out.write(b, off, n);
                left -= n;
            }
        }
    }
}
