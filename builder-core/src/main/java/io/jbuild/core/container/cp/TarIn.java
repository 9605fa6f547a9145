package io.jbuild.core.container.cp;

import io.jbuild.core.fs.RootPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks a tar stream into a directory of a container ({@code cp - C:DIR}). Every entry's path resolves inside
 * the container's root ({@link RootPath}), so a symlink the container or an earlier entry made cannot lead out; an
 * entry climbing above DIR with {@code ..} is refused as docker refuses it. Missing parents are made 0755.
 */
final class TarIn {

    private final RootPath root;
    private final NodeWriter writer;

    TarIn(RootPath root, NodeWriter writer) {
        this.root = root;
        this.writer = writer;
    }

    void extract(InputStream in, String destination) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            String name = inside(e.getName(), destination);
            if (name.equals(destination) && !e.isDirectory()) {
                throw new CopyException("cannot overwrite directory \"/" + destination + "\" with non-directory");
            }
            Path target = root.resolve(name, false);
            makeParents(target.getParent());
            Node node = node(e);
            if (e.isDirectory()) {
                writer.directory(target);
                writer.finish(target, node);
            } else if (e.isLink()) {
                Path existing = root.resolve(inside(e.getLinkName(), destination), false);
                if (!Files.isRegularFile(existing, LinkOption.NOFOLLOW_LINKS)) {
                    throw new CopyException("hard link " + e.getName() + " -> " + e.getLinkName()
                            + ": no such file in the archive");
                }
                writer.link(target, existing);
            } else if (node.type() != Node.Type.FILE) {
                if (writer.special(target, node)) {
                    writer.finish(target, node);
                }
            } else {
                writer.file(target, tar);
                writer.finish(target, node);
            }
        }
    }

    /** The entry's path below {@code destination}, cleaned; docker's error if it climbs out. */
    private static String inside(String entry, String destination) throws CopyException {
        int depth = 0;
        for (String segment : entry.split("/")) {
            if (segment.equals("..")) {
                if (--depth < 0) {
                    throw new CopyException("\"" + entry + "\" is outside of \"/" + destination + "\"");
                }
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                depth++;
            }
        }
        return RootPath.clean(destination + "/" + entry);
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

    private static Node node(TarArchiveEntry e) {
        Node.Type type = e.isDirectory() ? Node.Type.DIRECTORY : e.isSymbolicLink() ? Node.Type.SYMLINK
                : e.isFIFO() ? Node.Type.FIFO : e.isCharacterDevice() ? Node.Type.CHAR_DEVICE
                : e.isBlockDevice() ? Node.Type.BLOCK_DEVICE : Node.Type.FILE;
        long rdev = ((long) e.getDevMajor() << 8) | (e.getDevMinor() & 0xff) | ((long) (e.getDevMinor() & ~0xff) << 12);
        return new Node(type, e.getMode() & 07777, e.getLongUserId(), e.getLongGroupId(),
                FileTime.from(e.getModTime().toInstant()), e.getSize(), e.getLinkName(), rdev, 1, null);
    }
}
