package io.jbuild.core.build;

import io.jbuild.core.fs.RootPath;
import io.jbuild.core.image.Descriptor;
import io.jbuild.core.layer.LayerApplier;
import io.jbuild.core.snapshot.FileTrees;
import io.jbuild.core.snapshot.OverlayMount;
import io.jbuild.core.snapshot.SnapshotStore;
import io.jbuild.core.store.BlobStore;
import io.jbuild.core.store.ResolvedImage;
import io.jbuild.grammar.reference.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A stage's file system as a directory, made only when a step needs to look at it (COPY's destination, --chown
 * names, COPY --from) and kept up to date as the stage adds layers. Stages building at the same time may read
 * one tree (two {@code COPY --from} of it): making it is synchronized.
 *
 * <p>The directory is a read-only overlay mount of the layers' snapshots in the store (what RUN mounts too), as
 * BuildKit looks at its snapshots: a layer is unpacked once, for every later build, and a new layer costs a
 * remount, not an unpack of the whole stack. Where overlayfs cannot be mounted (not root), the layers are
 * unpacked into a temporary directory instead.
 */
final class StageRootfs implements AutoCloseable {

    /** A layer: its blob in the store and its diff ID (the key of its snapshot). */
    record Layer(Digest blob, Digest diffId) {
    }

    /**
     * What every stage's view is made from; {@code metadata} holds the layers' metadata snapshots (null: none, the
     * full view serves for looking too).
     */
    record Sources(Path tempRoot, BlobStore blobs, SnapshotStore snapshots, SnapshotStore metadata,
                   long maxLayerBytes) {
    }

    private final Sources sources;
    private final List<Layer> layers = new ArrayList<>();
    /** This view's own directory below the build's; made on first use. */
    private Path dir;
    /** The mount showing {@link #shown} layers (none yet, or no overlay here). */
    private OverlayMount mount;
    private int shown;
    private int generation;
    /** The unpacked tree where no overlay can be mounted; null until then. */
    private Path unpacked;
    /** The mount of metadata snapshots showing {@link #metadataShown} layers (see {@link #lookingRoot}). */
    private OverlayMount metadataMount;
    private int metadataShown;

    /** An image's layers, base first. */
    static List<Layer> layersOf(ResolvedImage image) {
        List<Layer> out = new ArrayList<>();
        List<Digest> diffIds = image.config().rootfs().diffIds();
        List<Descriptor> blobs = image.manifest().layers();
        if (diffIds.size() != blobs.size()) {
            throw new IllegalStateException("image has " + blobs.size() + " layers and " + diffIds.size() + " diff IDs");
        }
        for (int i = 0; i < blobs.size(); i++) {
            out.add(new Layer(blobs.get(i).digest(), diffIds.get(i)));
        }
        return out;
    }

    /** @param baseLayers the stage's layers, base first */
    StageRootfs(Sources sources, List<Layer> baseLayers) {
        this.sources = sources;
        this.layers.addAll(baseLayers);
    }

    /** Records a new layer of the stage; shown from the next {@link #path()} on. */
    synchronized void add(Layer layer) {
        layers.add(layer);
    }

    /**
     * Puts a layer's blob in place of the placeholder it was recorded under while the blob was being made
     * ({@link DeferredLayers}); the view itself does not change (the layer's snapshot is already there).
     */
    synchronized void resolve(Digest placeholder, Digest blob) {
        layers.replaceAll(l -> l.blob().equals(placeholder) ? new Layer(blob, l.diffId()) : l);
    }

    /** A copy for a child stage: the same layers, not yet made. */
    synchronized List<Layer> layers() {
        return List.copyOf(layers);
    }

    synchronized Path path() throws IOException {
        if (dir == null) {
            dir = Files.createTempDirectory(Files.createDirectories(sources.tempRoot()), "rootfs-");
        }
        if (unpacked != null) {
            return applyNew();
        }
        if (mount != null && shown == layers.size()) {
            return mount.merged();
        }
        if (layers.isEmpty()) {
            return Files.createDirectories(dir.resolve("empty"));
        }
        if (!runningAsRoot()) {
            return unpackInstead(); // no overlay mounts, nor whiteout devices in snapshots, without root
        }
        List<String> diffIds = new ArrayList<>();
        for (Layer layer : layers) {
            String diffId = layer.diffId().toString();
            if (sources.snapshots().find(diffId).isEmpty()) {
                try (InputStream in = sources.blobs().open(layer.blob())) {
                    sources.snapshots().unpack(diffId, in);
                } catch (IOException e) {
                    throw new IOException("layer " + layer.blob() + ": " + e.getMessage(), e); // which blob is bad
                }
            }
            diffIds.add(diffId);
        }
        List<Path> lowers = sources.snapshots().lowerDirs(diffIds);
        OverlayMount next;
        try {
            next = OverlayMount.readOnly(lowers, dir.resolve(Integer.toString(generation++)));
        } catch (IOException e) {
            return unpackInstead(); // no overlayfs here
        }
        dropMount();
        mount = next;
        shown = layers.size();
        return mount.merged();
    }

    private Path unpackInstead() throws IOException {
        dropMount();
        shown = 0;
        unpacked = Files.createDirectory(dir.resolve("tree"));
        return applyNew();
    }

    private static boolean runningAsRoot() throws IOException {
        return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
    }

    /** Applies the layers the unpacked tree does not hold yet. */
    private Path applyNew() throws IOException {
        LayerApplier applier = new LayerApplier(sources.maxLayerBytes());
        for (; shown < layers.size(); shown++) {
            Digest blob = layers.get(shown).blob();
            try (InputStream in = sources.blobs().open(blob)) {
                applier.apply(in, unpacked);
            } catch (IOException e) {
                throw new IOException("layer " + blob + ": " + e.getMessage(), e); // which blob is bad
            }
        }
        return unpacked;
    }

    RootPath root() throws IOException {
        return new RootPath(path());
    }

    /**
     * The stage's file system for looking at, not reading files from: which names exist, their types, owners,
     * modes, times and link targets, and small files such as /etc/passwd (what COPY's destination, --chown and
     * WORKDIR need). When a layer has no full snapshot yet, this is an overlay of metadata snapshots, which cost
     * the layers' decompression but none of their large files' bytes on disk (a 276 MB JRE base: a third of the
     * CPU of unpacking it, and kept for later builds); else it is {@link #root}. RUN and COPY --from need the
     * bytes: they take {@link #path}.
     */
    synchronized RootPath lookingRoot() throws IOException {
        if (sources.metadata() == null || unpacked != null || (mount != null && shown == layers.size())
                || layers.isEmpty() || !runningAsRoot() || anyUnpackedWithoutMetadata()) {
            return root();
        }
        if (metadataMount != null && metadataShown == layers.size()) {
            return new RootPath(metadataMount.merged());
        }
        if (dir == null) {
            dir = Files.createTempDirectory(Files.createDirectories(sources.tempRoot()), "rootfs-");
        }
        List<String> diffIds = new ArrayList<>();
        boolean recovered = false;
        for (Layer layer : layers) {
            String diffId = layer.diffId().toString();
            if (sources.metadata().find(diffId).isEmpty()) {
                if (!recovered) {
                    sources.metadata().recover(); // what killed builds left half-unpacked
                    recovered = true;
                }
                try (InputStream in = sources.blobs().open(layer.blob())) {
                    sources.metadata().unpack(diffId, in);
                } catch (IOException e) {
                    throw new IOException("layer " + layer.blob() + ": " + e.getMessage(), e); // which blob is bad
                }
            }
            diffIds.add(diffId);
        }
        OverlayMount next;
        try {
            next = OverlayMount.readOnly(sources.metadata().lowerDirs(diffIds),
                    dir.resolve("meta-" + generation++));
        } catch (IOException e) {
            return root(); // no overlayfs here after all: the full view
        }
        dropMetadataMount();
        metadataMount = next;
        metadataShown = layers.size();
        return new RootPath(metadataMount.merged());
    }

    /**
     * Whether a layer has its full snapshot but no metadata one: then the full view costs at most what the metadata
     * one would (the other layers unpacked either way), and that layer's blob need not be read again, nor even be
     * in the store (a layer an imported cache unpacked straight from the registry).
     */
    private boolean anyUnpackedWithoutMetadata() {
        for (Layer layer : layers) {
            String diffId = layer.diffId().toString();
            if (sources.snapshots().find(diffId).isPresent() && sources.metadata().find(diffId).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private void dropMetadataMount() throws IOException {
        if (metadataMount != null) {
            OverlayMount old = metadataMount;
            metadataMount = null;
            old.close();
            FileTrees.delete(old.dir());
        }
    }

    private void dropMount() throws IOException {
        if (mount != null) {
            OverlayMount old = mount;
            mount = null;
            old.close();
            FileTrees.delete(old.dir());
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            dropMetadataMount();
            dropMount();
        } finally {
            if (dir != null) {
                FileTrees.delete(dir); // unmounts first whatever a failed unmount above left
            }
        }
    }
}
