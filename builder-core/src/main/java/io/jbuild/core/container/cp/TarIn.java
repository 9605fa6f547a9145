package io.jbuild.core.container.cp;

import io.jbuild.core.fs.RootPath;
import io.jbuild.core.layer.LayerEntry;
import io.jbuild.core.layer.TarReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Unpacks a tar stream into a directory of a container ({@code cp - C:DIR}), read by the layers' own
 * {@link TarReader}: an entry (or a hard link's target) climbing above DIR with {@code ..} is refused as docker
 * refuses it, and the bytes read and written stop at a limit. Every entry's path resolves inside the container's
 * root ({@link RootPath}), so a symlink the container or an earlier entry made cannot lead out. Missing parents are
 * made 0755.
 */
final class TarIn {

    private final RootPath root;
    private final NodeWriter writer;
    private final long maxBytes;

    /** @param maxBytes the most bytes the tar, and the files it expands to, may hold */
    TarIn(RootPath root, NodeWriter writer, long maxBytes) {
        this.root = root;
        this.writer = writer;
        this.maxBytes = maxBytes;
    }

    void extract(InputStream in, String destination) throws IOException {
        // not closed: the caller's stream (standard input) stays open
        TarReader tar = new TarReader(in, maxBytes);
        TarReader.Entry e;
        while ((e = next(tar, destination)) != null) {
            if (e.name().isEmpty() && !e.is(LayerEntry.Type.DIRECTORY)) {
                throw new CopyException("cannot overwrite directory \"/" + destination + "\" with non-directory");
            }
            Path target = root.resolve(RootPath.clean(destination + "/" + e.name()), false);
            makeParents(target.getParent());
            Node node = node(e);
            switch (e.type()) {
                case DIRECTORY -> {
                    writer.directory(target);
                    writer.finish(target, node);
                }
                case HARDLINK -> {
                    Path existing = root.resolve(RootPath.clean(destination + "/" + e.linkTarget()), false);
                    if (!Files.isRegularFile(existing, LinkOption.NOFOLLOW_LINKS)) {
                        throw new CopyException("hard link " + e.raw() + " -> " + e.linkTarget()
                                + ": no such file in the archive");
                    }
                    writer.link(target, existing);
                }
                case FILE -> {
                    writer.file(target, tar.content());
                    writer.finish(target, node);
                }
                default -> {
                    if (writer.special(target, node)) {
                        writer.finish(target, node);
                    }
                }
            }
        }
    }

    /** The next entry; docker's error for one that climbs out of {@code destination}. */
    private static TarReader.Entry next(TarReader tar, String destination) throws IOException {
        try {
            return tar.next();
        } catch (TarReader.OutsideException e) {
            throw new CopyException("\"" + e.entry() + "\" is outside of \"/" + destination + "\"");
        }
    }

    private void makeParents(Path dir) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path p = dir; !p.equals(root.root()) && NodeWriter.lstat(p) == null; p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            Files.createDirectory(p);
            Files.setAttribute(p, "unix:mode", 0755, LinkOption.NOFOLLOW_LINKS);
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new CopyException("not a directory: " + writer.shown(dir));
        }
    }

    private static Node node(TarReader.Entry e) {
        Node.Type type = switch (e.type()) {
            case DIRECTORY -> Node.Type.DIRECTORY;
            case SYMLINK -> Node.Type.SYMLINK;
            case FIFO -> Node.Type.FIFO;
            case CHAR_DEVICE -> Node.Type.CHAR_DEVICE;
            case BLOCK_DEVICE -> Node.Type.BLOCK_DEVICE;
            case FILE, HARDLINK -> Node.Type.FILE;
        };
        long rdev = ((long) e.devMajor() << 8) | (e.devMinor() & 0xff) | ((long) (e.devMinor() & ~0xff) << 12);
        return new Node(type, e.mode(), e.uid(), e.gid(), FileTime.from(e.modified()), e.size(), e.linkTarget(), rdev,
                1, null);
    }
}
