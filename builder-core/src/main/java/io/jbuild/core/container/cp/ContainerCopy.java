package io.jbuild.core.container.cp;

import io.jbuild.core.fs.RootPath;
import io.jbuild.core.snapshot.SnapshotStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code docker cp} on a container's root file system (the merged directory of a running or stopped container),
 * both ways and to or from a tar stream, with docker's rules: a source ending in {@code /.} copies a directory's
 * contents, a destination ending in {@code /} must be a directory, a missing destination is created (a file, or a
 * directory for a directory), an existing directory receives the source under its own name, a symlink named as the
 * source is copied as a link unless {@code followLink} ({@code -L}), the destination's own symlink is followed.
 *
 * <p>Paths in the container resolve inside its root ({@link RootPath}): its symlinks and {@code ..} never lead out.
 * Trees are read without following links ({@link TreeReader}) and written without writing through them
 * ({@link NodeWriter}). A running container is held still by its {@link Freezer} while we work on it. Errors
 * come before anything is written and use docker's words.
 */
public final class ContainerCopy {

    private final String container;
    private final RootPath root;
    private final Freezer freezer;
    private final long maxTarBytes;

    /**
     * @param container the container as the user named it, for messages ({@code No such container:path: C:/x})
     * @param rootfs    its root file system on the host
     * @param freezer   holds the container still while we write in it ({@link RuncFreezer}; {@link Freezer#NONE}
     *                  for a stopped one)
     */
    public ContainerCopy(String container, Path rootfs, Freezer freezer) {
        this(container, rootfs, freezer, SnapshotStore.DEFAULT_MAX_LAYER_BYTES);
    }

    /** @param maxTarBytes the most a tar stream copied in may hold, and its files expand to (a layer's limit) */
    ContainerCopy(String container, Path rootfs, Freezer freezer, long maxTarBytes) {
        this.container = container;
        this.root = new RootPath(rootfs);
        this.freezer = freezer;
        this.maxTarBytes = maxTarBytes;
    }

    /** {@code cp C:SRC DEST}: the copies belong to the user running the copy, with the source's modes and times. */
    public void toHost(String sourcePath, String hostDestination, boolean followLink) throws IOException {
        try (Freezer.Frozen frozen = freezer.freeze()) {
            Source source = containerSource(sourcePath, followLink);
            Path dest = Path.of(hostDestination).toAbsolutePath();
            Target target = target(source, dest, Files.exists(dest), hostDestination.endsWith("/"), () ->
                    new CopyException("invalid output path: directory \"" + dest.getParent() + "\" does not exist"));
            copy(source, target, new NodeWriter(new Owners.Copier(), null));
        }
    }

    /** {@code cp SRC C:DEST}: {@code owners} is docker's rule ({@link Owners}). */
    public void toContainer(String hostSource, String destinationPath, boolean followLink, Owners owners)
            throws IOException {
        Source source = hostSource(hostSource, followLink);
        String path = absolute(destinationPath);
        try (Freezer.Frozen frozen = freezer.freeze()) {
            Path dest = root.resolve(path, true);
            Target target = target(source, dest, Files.exists(dest, LinkOption.NOFOLLOW_LINKS), path.endsWith("/"),
                    () -> new CopyException("Error: No such container:path: " + container + ":/"
                            + root.relative(dest.getParent())));
            copy(source, target, new NodeWriter(owners, root.root()));
        }
    }

    /** {@code cp C:SRC -}: a tar of the source, named by its base name ({@code .} for {@code DIR/.}). */
    public void tarOut(String sourcePath, boolean followLink, OutputStream out) throws IOException {
        try (Freezer.Frozen frozen = freezer.freeze()) {
            Source source = containerSource(sourcePath, followLink);
            try (TarOut tar = new TarOut(out)) {
                Path top = source.path().getFileName();
                TreeReader.walk(source.path(), tar.visitor(source.contentsOnly() ? "." : source.baseName(),
                        top == null ? "root" : top.toString()));
            }
        }
    }

    /** {@code cp - C:DEST}: unpacks a tar into DEST, which must be a directory. */
    public void tarIn(InputStream tar, String destinationPath, Owners owners) throws IOException {
        String path = absolute(destinationPath);
        try (Freezer.Frozen frozen = freezer.freeze()) {
            Path dest = root.resolve(path, true);
            if (!Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
                throw new CopyException("destination \"" + container + ":" + destinationPath
                        + "\" must be a directory");
            }
            new TarIn(root, new NodeWriter(owners, root.root()), maxTarBytes).extract(tar, root.relative(dest));
        }
    }

    /** The node to copy: {@code path} (resolved), whether it is a directory, its name in the copy. */
    private record Source(Path path, boolean directory, boolean contentsOnly, String baseName) {
    }

    /** Where the source lands: the node itself is written at {@code path}. */
    private record Target(Path path) {
    }

    private Source containerSource(String given, boolean followLink) throws IOException {
        String path = absolute(given);
        boolean trailing = path.endsWith("/") || path.endsWith("/.");
        Path resolved = root.resolve(path, followLink || trailing);
        BasicFileAttributes a = NodeWriter.lstat(resolved);
        if (a == null) {
            throw new CopyException("Error: No such container:path: " + container + ":" + given);
        }
        if (trailing && !a.isDirectory()) {
            throw new CopyException("lstat " + path + ": not a directory");
        }
        return new Source(resolved, a.isDirectory(), a.isDirectory() && contentsOnly(path), baseName(path));
    }

    private static Source hostSource(String given, boolean followLink) throws IOException {
        boolean trailing = given.endsWith("/") || given.endsWith("/.");
        Path path = Path.of(given).toAbsolutePath();
        if (followLink || trailing) {
            try {
                path = path.toRealPath();
            } catch (NoSuchFileException e) {
                throw new CopyException("lstat " + path.normalize() + ": no such file or directory");
            }
        }
        BasicFileAttributes a = NodeWriter.lstat(path);
        if (a == null) {
            throw new CopyException("lstat " + path.normalize() + ": no such file or directory");
        }
        if (trailing && !a.isDirectory()) {
            throw new CopyException("not a directory");
        }
        return new Source(path, a.isDirectory(), a.isDirectory() && contentsOnly(given), baseName(given));
    }

    /** Docker's decision between copying into, over or as the destination. */
    private static Target target(Source source, Path dest, boolean exists, boolean mustBeDirectory,
                                 Supplier<CopyException> noParent) throws IOException {
        if (exists) {
            boolean directory = Files.isDirectory(dest);
            if (directory) {
                return new Target(source.contentsOnly() ? dest : dest.resolve(source.baseName()));
            }
            if (source.directory()) {
                throw new CopyException("cannot copy directory");
            }
            return new Target(dest);
        }
        if (!source.directory() && mustBeDirectory) {
            throw new CopyException("no such directory");
        }
        if (!Files.isDirectory(dest.getParent())) {
            throw noParent.get();
        }
        return new Target(dest);
    }

    private static void copy(Source source, Target target, NodeWriter writer) throws IOException {
        Path to = target.path();
        if (source.directory() && to.normalize().startsWith(source.path().normalize())) {
            throw new CopyException("cannot copy a directory into itself: " + source.path());
        }
        Map<Node.Inode, Path> linked = new HashMap<>();
        TreeReader.walk(source.path(), new TreeReader.Visitor() {
            @Override
            public void enter(List<String> path, Node directory) throws IOException {
                writer.directory(at(path));
            }

            @Override
            public void leave(List<String> path, Node directory) throws IOException {
                writer.finish(at(path), directory);
            }

            @Override
            public void file(List<String> path, Node file, InputStream content) throws IOException {
                Path first = file.hardLinked() ? linked.putIfAbsent(file.inode(), at(path)) : null;
                if (first != null) {
                    writer.link(at(path), first); // hard links stay one file, as in docker's tar
                    return;
                }
                writer.file(at(path), content);
                writer.finish(at(path), file);
            }

            @Override
            public void other(List<String> path, Node node) throws IOException {
                if (writer.special(at(path), node)) {
                    writer.finish(at(path), node);
                }
            }

            private Path at(List<String> path) {
                Path p = to;
                for (String name : path) {
                    p = p.resolve(name);
                }
                return p;
            }
        });
    }

    /** Container paths are relative to its root. */
    private static String absolute(String path) {
        return path.startsWith("/") ? path : "/" + path;
    }

    private static boolean contentsOnly(String path) {
        return path.endsWith("/.") || RootPath.clean(path).isEmpty();
    }

    /** The last name of the path as given (a symlink's own name, even when followed). */
    private static String baseName(String path) {
        String clean = RootPath.clean(path);
        int slash = clean.lastIndexOf('/');
        return clean.isEmpty() ? "." : clean.substring(slash + 1);
    }
}
