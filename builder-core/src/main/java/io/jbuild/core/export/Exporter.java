package io.jbuild.core.export;

import io.jbuild.core.fs.RootPath;
import io.jbuild.core.image.Descriptor;
import io.jbuild.core.image.ImageIndex;
import io.jbuild.core.image.MediaTypes;
import io.jbuild.core.image.Platform;
import io.jbuild.core.layer.LayerEntry;
import io.jbuild.core.layer.TarReader;
import io.jbuild.core.store.ArchiveFormat;
import io.jbuild.core.store.ArchiveWriter;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.ResolvedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a built image out of the store. Archives and OCI layouts are made next to their destination under a
 * temporary name and renamed into place at the end, so a failed export leaves nothing half-written; a local
 * export merges into its directory ({@link LocalExport}).
 */
public final class Exporter {

    private final ImageStore store;

    public Exporter(ImageStore store) {
        this.store = store;
    }

    /** Parses an {@code --output} value (see {@link Output}). */
    public static Output parse(String spec) {
        return Output.parse(spec);
    }

    /**
     * Refuses, before a build, a {@code type=local} destination that is the build context or holds it: the export
     * writes into its destination, and would mix the image into the sources (a directory inside the context is
     * fine, as with BuildKit).
     *
     * @param context the context directory, or null when it is not a directory (sent on standard input)
     * @throws IllegalArgumentException naming the destination and the context
     */
    public static void checkDestinations(List<Output> outputs, Path context) {
        if (context == null) {
            return;
        }
        Path ctx = real(context);
        for (Output o : outputs) {
            if (o instanceof Output.Local l && ctx.startsWith(real(l.dest()))) {
                throw new IllegalArgumentException("--output type=local,dest=" + l.dest() + ": the destination holds"
                        + " the build context " + context + "; the image's files would be written into it (choose a"
                        + " directory inside the context, or elsewhere)");
            }
        }
    }

    /** The path with its existing part's symlinks resolved, so that an alias of the context is recognised. */
    private static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs));
        } catch (IOException e) {
            return abs;
        }
    }

    /**
     * @param image the image, by a reference or its ID as the store resolves it
     */
    public void export(Output output, String image) throws IOException {
        if (output instanceof Output.Store) {
            return;
        }
        if (output instanceof Output.Registry) {
            throw new IllegalArgumentException("--output type=registry is a push: the image is not in the store");
        }
        if (output instanceof Output.Docker d) {
            archive(List.of(image), ArchiveFormat.DOCKER, d.dest());
        } else if (output instanceof Output.Oci o) {
            if (o.archive()) {
                archive(List.of(image), ArchiveFormat.OCI, o.dest());
            } else {
                ociDirectory(image, o.dest());
            }
        } else if (output instanceof Output.Local l) {
            local(image, l.dest());
        }
    }

    /**
     * A multi-platform image goes into one directory per platform, named as BuildKit's platform-split names them
     * ({@code DIR/linux_amd64}, {@code DIR/linux_arm_v7}); a single image into DIR itself.
     */
    private void local(String image, Path dest) throws IOException {
        // the index as it is: this machine's platform need not be one of its platforms
        Descriptor target = store.target(image);
        if (!MediaTypes.isIndex(target.mediaType())) {
            new LocalExport(store).write(store.resolve(image), dest);
            return;
        }
        ImageIndex index = (ImageIndex) store.readManifest(target);
        for (Descriptor d : index.manifests()) {
            ResolvedImage one = store.resolve(null, d);
            Platform p = d.platform() != null ? d.platform() : one.config().platform();
            new LocalExport(store).write(one, dest.resolve(p.format().replace('/', '_')));
        }
    }

    private void archive(List<String> images, ArchiveFormat format, Path dest) throws IOException {
        Path tmp = temp(dest);
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                new ArchiveWriter(store).write(images, format, out);
            }
            Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** An OCI layout directory: the OCI archive, unpacked (it is a layout in a tar). */
    private void ociDirectory(String image, Path dest) throws IOException {
        Path tmpTar = temp(dest);
        Path tmpDir = temp(dest);
        try {
            try (OutputStream out = Files.newOutputStream(tmpTar)) {
                new ArchiveWriter(store).write(List.of(image), ArchiveFormat.OCI, out);
            }
            Files.createDirectories(tmpDir);
            RootPath root = new RootPath(tmpDir);
            // the archive just written: its own size bounds it
            try (TarReader tar = new TarReader(Files.newInputStream(tmpTar), Files.size(tmpTar))) {
                TarReader.Entry e;
                while ((e = tar.next()) != null) {
                    if (e.name().isEmpty()) {
                        continue;
                    }
                    Path target = root.resolve(e.name(), false);
                    if (e.is(LayerEntry.Type.DIRECTORY)) {
                        Files.createDirectories(target);
                    } else if (e.is(LayerEntry.Type.FILE)) {
                        Files.createDirectories(target.getParent());
                        Files.copy(tar.content(), target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            replace(tmpDir, dest);
        } finally {
            Files.deleteIfExists(tmpTar);
            delete(tmpDir);
        }
    }

    /** Puts a finished directory where {@code dest} was, replacing what was there only at the very end. */
    private static void replace(Path finished, Path dest) throws IOException {
        Path old = null;
        if (Files.exists(dest)) {
            old = temp(dest);
            Files.move(dest, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(finished, dest, StandardCopyOption.ATOMIC_MOVE);
        if (old != null) {
            delete(old);
        }
    }

    private static Path temp(Path dest) throws IOException {
        Path parent = dest.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        return parent.resolve("." + dest.getFileName() + ".jbuild-" + Long.toHexString(System.nanoTime()));
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
