package io.jbuild.core.buildcache;

import io.jbuild.core.image.Descriptor;
import io.jbuild.core.layer.Compression;
import io.jbuild.core.layer.LayerBlob;
import io.jbuild.core.layer.LayerWriter;
import io.jbuild.core.snapshot.UpperDirDiff;
import io.jbuild.core.store.BlobInfo;
import io.jbuild.core.store.BlobStore;
import io.jbuild.core.store.BlobWriter;
import io.jbuild.grammar.reference.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code RUN --mount=type=cache} directory as a layer blob for {@code --cache-to ...,mounts=ID}: its files as a
 * gzip tar, paths relative to the mount, owners, modes, links and times kept, streamed into the store.
 */
public final class MountArchive {

    private MountArchive() {
    }

    /** The blob of {@code dir}'s files, now in {@code store}; empty when the directory is absent or empty. */
    public static Optional<CachedLayer> write(Path dir, BlobStore store) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try (var names = Files.list(dir)) {
            if (names.findAny().isEmpty()) {
                return Optional.empty();
            }
        }
        // A walk with no lower directories below it: every file is new, and a device file 0/0 (an overlay
        // whiteout, which has no meaning here) is left out.
        UpperDirDiff files = new UpperDirDiff(dir, List.of(), Set.of());
        LayerBlob blob;
        BlobInfo info;
        try (BlobWriter out = store.writer()) {
            blob = new LayerWriter(Compression.GZIP, null, 1).write(files, out);
            info = out.commit();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return Optional.of(new CachedLayer(Descriptor.of(blob.mediaType(), info.digest(), info.size()),
                Digest.parse(blob.diffId())));
    }
}
