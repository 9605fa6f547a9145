package io.jbuild.core.build;

import io.jbuild.core.fs.RootPath;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.layer.LayerApplier;
import io.jbuild.core.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A stage's file system as a directory, made only when a step needs to look at it (COPY's destination, --chown
 * names, COPY --from) and kept up to date as the stage adds layers. Stages building at the same time may read
 * one tree (two {@code COPY --from} of it): making it is synchronized.
 */
final class StageRootfs implements AutoCloseable {

    private final Path tempRoot;
    private final LayerApplier applier;
    private final BlobStore blobs;
    private final List<Digest> layers = new ArrayList<>();
    private Path dir;

    /** @param baseLayers the digests of the stage's layer blobs in {@code blobs}, base first */
    StageRootfs(Path tempRoot, LayerApplier applier, BlobStore blobs, List<Digest> baseLayers) {
        this.tempRoot = tempRoot;
        this.applier = applier;
        this.blobs = blobs;
        this.layers.addAll(baseLayers);
    }

    /** Records a new layer of the stage; applied on the next {@link #path()} if the tree was made already. */
    synchronized void add(Digest layer) {
        layers.add(layer);
    }

    /** A copy for a child stage: the same layers, not yet made. */
    synchronized List<Digest> layers() {
        return List.copyOf(layers);
    }

    synchronized Path path() throws IOException {
        if (dir == null) {
            Files.createDirectories(tempRoot);
            dir = Files.createTempDirectory(tempRoot, "rootfs-");
            applied = 0;
        }
        for (; applied < layers.size(); applied++) {
            Digest layer = layers.get(applied);
            try (InputStream in = blobs.open(layer)) {
                applier.apply(in, dir);
            } catch (IOException e) {
                throw new IOException("layer " + layer + ": " + e.getMessage(), e); // which blob is bad
            }
        }
        return dir;
    }

    /** How many of {@link #layers} the directory holds. */
    private int applied;

    RootPath root() throws IOException {
        return new RootPath(path());
    }

    @Override
    public synchronized void close() throws IOException {
        if (dir != null && Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
                for (Path p : all) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
