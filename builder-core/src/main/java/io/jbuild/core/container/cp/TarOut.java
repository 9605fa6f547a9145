package io.jbuild.core.container.cp;

import io.jbuild.core.layer.LayerEntry;
import io.jbuild.core.layer.TarWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A copied tree as a tar stream ({@code cp C:SRC -}): owners, modes and times as they are in the container, written
 * by the layers' own {@link TarWriter}.
 */
final class TarOut implements AutoCloseable {

    private final TarWriter tar;
    private final Map<Node.Inode, String> linked = new HashMap<>();

    /** @param out receives the tar and stays open (standard output) */
    TarOut(OutputStream out) {
        tar = new TarWriter(out);
    }

    /**
     * Writes what it visits as entries named {@code base/...}.
     *
     * @param top the walked node's own name, which names the entries in messages when {@code base} is {@code .}
     */
    TreeReader.Visitor visitor(String base, String top) {
        return new TreeReader.Visitor() {
            @Override
            public void enter(List<String> path, Node directory) throws IOException {
                put(path, new LayerEntry(at(path), LayerEntry.Type.DIRECTORY, directory.mode(), directory.uid(),
                        directory.gid(), 0, time(directory), "", null, Map.of(), 0, 0));
            }

            @Override
            public void leave(List<String> path, Node directory) {
            }

            @Override
            public void file(List<String> path, Node file, InputStream content) throws IOException {
                String first = file.hardLinked() ? linked.putIfAbsent(file.inode(), name(base, path)) : null;
                if (first != null) {
                    put(path, LayerEntry.hardlink(at(path), first, file.mode(), file.uid(), file.gid(), time(file)));
                    return;
                }
                // the size is the one read when the entry was met: a file growing meanwhile is cut there
                put(path, LayerEntry.file(at(path), file.mode(), file.uid(), file.gid(), file.size(), time(file),
                        () -> new AnnouncedSize(content, file.size())));
            }

            @Override
            public void other(List<String> path, Node node) throws IOException {
                LayerEntry.Type type = switch (node.type()) {
                    case SYMLINK -> LayerEntry.Type.SYMLINK;
                    case FIFO -> LayerEntry.Type.FIFO;
                    case CHAR_DEVICE -> LayerEntry.Type.CHAR_DEVICE;
                    case BLOCK_DEVICE -> LayerEntry.Type.BLOCK_DEVICE;
                    default -> null;
                };
                if (type == null) {
                    return; // sockets have no tar form
                }
                put(path, new LayerEntry(at(path), type, node.mode(), node.uid(), node.gid(), 0, time(node),
                        node.linkTarget(), null, Map.of(), (int) NodeWriter.major(node.rdev()),
                        (int) NodeWriter.minor(node.rdev())));
            }

            private void put(List<String> path, LayerEntry entry) throws IOException {
                tar.put(name(base, path), entry);
            }

            /** A layer path for the entry (its tar name may be {@code ./x}). */
            private String at(List<String> path) {
                return path.isEmpty() ? top : top + "/" + String.join("/", path);
            }
        };
    }

    private static Instant time(Node node) {
        return node.modified().toInstant();
    }

    private static String name(String base, List<String> path) {
        return path.isEmpty() ? base : base + "/" + String.join("/", path);
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }

    /** A file's bytes as long as its entry says: cut if it grew since, padded with zeros if it shrank. */
    private static final class AnnouncedSize extends InputStream {
        private final InputStream in;
        private long left;
        private boolean ended;

        AnnouncedSize(InputStream in, long size) {
            this.in = in;
            this.left = size;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int want = (int) Math.min(len, left);
            int n = ended ? -1 : in.read(b, off, want);
            if (n < 0) {
                ended = true; // shrunk meanwhile: padded to the size announced
                n = want;
                Arrays.fill(b, off, off + n, (byte) 0);
            }
            left -= n;
            return n;
        }
    }
}
