package io.jbuild.core.container.cp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Walks a tree to copy, in name order, parents before children. Directories are opened and files read relative
 * to their already opened parent, never following a symlink ({@code openat} with {@code O_NOFOLLOW}): a container
 * that swaps one of its directories for a symlink to {@code /} while we read cannot make us read the host.
 */
final class TreeReader {

    /** What the walk meets; {@code path} is the names below the walked node (empty for the node itself). */
    interface Visitor {
        void enter(List<String> path, Node directory) throws IOException;

        /** After the directory's contents, for its metadata. */
        void leave(List<String> path, Node directory) throws IOException;

        void file(List<String> path, Node file, InputStream content) throws IOException;

        /** A symlink, FIFO, device or socket. */
        void other(List<String> path, Node node) throws IOException;
    }

    private TreeReader() {
    }

    /** Walks the node at {@code source} (not what a symlink there points to). */
    static void walk(Path source, Visitor visitor) throws IOException {
        Node top = Node.read(source);
        switch (top.type()) {
            case FILE -> {
                try (InputStream in = Files.newInputStream(source, LinkOption.NOFOLLOW_LINKS)) {
                    visitor.file(List.of(), top, in);
                }
            }
            case DIRECTORY -> {
                Path parent = source.getParent();
                if (parent == null) {
                    try (SecureDirectoryStream<Path> dir = secure(source)) {
                        walk(dir, source, List.of(), top, visitor);
                    }
                } else {
                    try (SecureDirectoryStream<Path> up = secure(parent);
                         SecureDirectoryStream<Path> dir = up.newDirectoryStream(source.getFileName(),
                                 LinkOption.NOFOLLOW_LINKS)) {
                        walk(dir, source, List.of(), top, visitor);
                    }
                }
            }
            default -> visitor.other(List.of(), top);
        }
    }

    private static void walk(SecureDirectoryStream<Path> dir, Path dirPath, List<String> path, Node node,
                             Visitor visitor) throws IOException {
        visitor.enter(path, node);
        List<String> names = new ArrayList<>();
        for (Path child : dir) {
            names.add(child.getFileName().toString());
        }
        names.sort(null);
        for (String name : names) {
            Path child = dirPath.resolve(name);
            Node n;
            try {
                n = Node.read(child);
            } catch (NoSuchFileException e) {
                continue; // removed while we read (a running container)
            }
            List<String> childPath = new ArrayList<>(path);
            childPath.add(name);
            Path relative = Path.of(name);
            switch (n.type()) {
                case DIRECTORY -> {
                    try (SecureDirectoryStream<Path> sub = dir.newDirectoryStream(relative,
                            LinkOption.NOFOLLOW_LINKS)) {
                        walk(sub, child, childPath, n, visitor);
                    }
                }
                case FILE -> {
                    try (InputStream in = Channels.newInputStream(dir.newByteChannel(relative,
                            Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)))) {
                        visitor.file(childPath, n, in);
                    }
                }
                default -> visitor.other(childPath, n);
            }
        }
        visitor.leave(path, node);
    }

    private static SecureDirectoryStream<Path> secure(Path dir) throws IOException {
        DirectoryStream<Path> s = Files.newDirectoryStream(dir);
        if (s instanceof SecureDirectoryStream<Path> sds) {
            return sds;
        }
        s.close();
        throw new IOException("this platform cannot read directories without following symlinks: " + dir);
    }
}
