package io.jbuild.core.build;

import io.jbuild.core.buildcache.CachedLayer;
import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.layer.LayerBlob;
import io.jbuild.core.layer.LayerEntry;
import io.jbuild.core.layer.LayerWriter;
import io.jbuild.core.layer.SpoolFile;
import io.jbuild.core.store.BlobInfo;
import io.jbuild.core.store.BlobWriter;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.layer.Compression;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The step that turns a step's entries into a layer: written (streamed, compressed) into the store's blobs,
 * recorded in the step cache under the step's key and added to the stage's image and file system view. Counts
 * the layers this build wrote: none means every layer came from the cache.
 */
final class LayerCommit implements AutoCloseable {

    private final ImageStore store;
    private final StepCache cache;
    private final BuildRequest request;
    private final ExecutorService compressionPool;
    private final int parallelism;
    private final AtomicInteger fresh = new AtomicInteger();
    /** What this build's platforms made, and the per-key locks that make a step they share once. */
    private final SharedSteps shared;
    private final Path work;
    private final DeferredLayers deferred;

    /**
     * @param work     the build's scratch directory, where RUN layers are spooled before they are compressed
     * @param shared   what the platforms of a multi-platform build share: with {@code --no-cache} a step of the same
     *                 key (a native stage's that does not read TARGET*) is taken from what another made rather than
     *                 made again, as BuildKit builds such a step once
     * @param progress the build's progress, whose RUN steps are reported done once their layers are stored
     */
    LayerCommit(ImageStore store, StepCache cache, BuildRequest request, ExecutorService compressionPool,
                int parallelism, Path work, SharedSteps shared, HeldProgress progress) {
        this.store = store;
        this.cache = cache;
        this.request = request;
        this.compressionPool = compressionPool;
        this.parallelism = parallelism;
        this.work = work;
        this.shared = shared;
        this.deferred = new DeferredLayers(store.blobs(), writer(), cache, progress);
    }

    /** The locks under which a step is looked up and made (see {@link SharedSteps#once}). */
    SharedSteps shared() {
        return shared;
    }

    /**
     * The layer a step of this key made before; empty when there is none. A build that ignores the cache takes
     * only what this build made (another platform's step of the same key).
     */
    Optional<StepCache.Layer> cached(StepKey key) {
        if (!request.noCache()) {
            return cache.get(key.hex());
        }
        return shared.made(key).map(l -> new StepCache.Layer(l.descriptor(), l.diffId()));
    }

    /** How many layers this build wrote (0: everything came from the cache). */
    int written() {
        return fresh.get();
    }

    /**
     * Writes a new layer into the store, records it in the cache and the image; false (and no layer) when there
     * are no entries, as a RUN that changes nothing adds no layer in BuildKit either.
     */
    boolean store(Iterator<LayerEntry> entries, StepKey key, ImageState image, StageRootfs rootfs)
            throws IOException {
        return store(entries, key, image, rootfs, e -> { }).isPresent();
    }

    /**
     * As {@link #store(Iterator, StepKey, ImageState, StageRootfs)}, handing each entry to {@code written} as it
     * goes into the layer (its time clamped); returns the layer, empty when there was none.
     */
    Optional<StepCache.Layer> store(Iterator<LayerEntry> entries, StepKey key, ImageState image, StageRootfs rootfs,
                                    Consumer<LayerEntry> written) throws IOException {
        if (!entries.hasNext()) {
            made(key, StepCache.Layer.NONE);
            return Optional.empty();
        }
        Iterator<LayerEntry> clamped = clamped(entries, written);
        fresh.incrementAndGet();
        LayerWriter writer = writer();
        LayerBlob blob;
        BlobInfo info;
        try (BlobWriter out = store.blobs().writer()) {
            blob = writer.write(clamped, out);
            info = out.commit();
        }
        return Optional.of(stored(key, blob, info, image, rootfs));
    }

    /** A blob just committed becomes the step's layer: recorded, and added to the image and the stage's view. */
    private StepCache.Layer stored(StepKey key, LayerBlob blob, BlobInfo info, ImageState image, StageRootfs rootfs)
            throws IOException {
        StepCache.Layer layer = new StepCache.Layer(Descriptor.of(blob.mediaType(), info.digest(), info.size()),
                Digest.parse(blob.diffId()));
        made(key, layer);
        use(layer, image, rootfs);
        return layer;
    }

    /** Records what the step of {@code key} made: in the store's cache, and for the build's other platforms. */
    private void made(StepKey key, StepCache.Layer layer) throws IOException {
        cache.put(key.hex(), layer);
        shared.made(key, new CachedLayer(layer.descriptor(), layer.diffId()));
    }

    /**
     * A RUN layer's tar, written uncompressed into the build's scratch directory, and its blob, compressed from it
     * in the background since the spool began: see {@link #spool}.
     */
    record Spooled(LayerWriter.Tar tar, DeferredLayers.Compressing blob) {
        Digest diffId() {
            return Digest.parse(tar.diffId());
        }
    }

    /**
     * Whether new RUN layers are compressed in the background ({@link #spool}, then {@link #defer}): for gzip, whose
     * output does not depend on how its input arrives; other compressions are written in one pass by
     * {@link #store}. Not when platforms build at once: another platform waiting on the same step (see
     * {@link SharedSteps#once}) takes it from the cache, which names the layer only once its blob is in.
     */
    boolean defers() {
        return request.compression() == Compression.GZIP && !shared.acrossPlatforms();
    }

    /**
     * The first half of {@link #store} for a RUN layer: its tar written uncompressed to a spool file and digested
     * (the diff ID), each entry handed to {@code written}. Empty, and the step recorded as making no layer, when
     * there are no entries. The caller hands the spool on to {@link #defer} or {@link #storeSpooled}.
     */
    Optional<Spooled> spool(Iterator<LayerEntry> entries, StepKey key, Consumer<LayerEntry> written)
            throws IOException {
        if (!entries.hasNext()) {
            made(key, StepCache.Layer.NONE);
            return Optional.empty();
        }
        fresh.incrementAndGet();
        SpoolFile spool = SpoolFile.create(Files.createTempFile(Files.createDirectories(work), "layer-", ".tar"));
        boolean done = false;
        try {
            DeferredLayers.Compressing blob = deferred.start(spool);
            // Not closed when the tar fails: closing ends the file for the compressing reader, which would make a
            // blob of half a tar; the finally's abort fails that reader instead.
            OutputStream out = new BufferedOutputStream(spool.output(), 1 << 16);
            LayerWriter.Tar tar = writer().spool(clamped(entries, written), out);
            out.close();
            done = true;
            return Optional.of(new Spooled(tar, blob));
        } finally {
            if (!done) {
                spool.abort(new IOException("writing the layer failed"));
                Files.deleteIfExists(spool.file());
            }
        }
    }

    /**
     * Adds a spooled layer to the image and the stage's view now, its blob made in the background; the stage's
     * {@link #settle} puts the blob in. Only for a layer whose snapshot is
     * already in place (the RUN's upper directory): the next steps then never need the blob. Step {@code number}
     * of {@code stage} is reported done once the blob and its cache entry are stored.
     */
    void defer(Spooled spooled, StepKey key, ImageState image, StageRootfs rootfs, String stage, int number) {
        deferred.add(spooled.blob(), spooled.tar(), key.hex(), image, rootfs, stage, number);
    }

    /** Waits for a spooled layer's blob, records it in the cache and adds it to the image. */
    StepCache.Layer storeSpooled(Spooled spooled, StepKey key, ImageState image, StageRootfs rootfs)
            throws IOException {
        StepCache.Layer layer = new StepCache.Layer(spooled.blob().await(spooled.tar()), spooled.diffId());
        made(key, layer);
        use(layer, image, rootfs);
        return layer;
    }

    /**
     * Waits for the layers of {@code image}'s stage still being compressed and puts them in; a stage's image is
     * complete only after this (its end, before a child stage or the commit reads it).
     */
    void settle(ImageState image) throws IOException {
        deferred.settle(image);
    }

    /** Stops compressions a failed build left running (a finished build settled them all). */
    @Override
    public void close() {
        deferred.close();
    }

    private LayerWriter writer() {
        return new LayerWriter(request.compression(), compressionPool, parallelism);
    }

    /** The entries with their times clamped to the source date epoch, each handed to {@code written}. */
    private Iterator<LayerEntry> clamped(Iterator<LayerEntry> entries, Consumer<LayerEntry> written) {
        Optional<Instant> epoch = request.sourceDateEpoch();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return entries.hasNext();
            }

            @Override
            public LayerEntry next() {
                LayerEntry e = entries.next();
                if (epoch.isPresent() && e.modified().isAfter(epoch.get())) {
                    e = e.withModified(epoch.get());
                }
                written.accept(e);
                return e;
            }
        };
    }

    /** Starts fetching a hit's blob that a {@code --cache-from} cache holds, for a build that stores its image. */
    void fetchEarly(StepCache.Layer layer) {
        cache.fetchEarly(layer);
    }

    /** Adds a layer (a cached one, or one just written) to the image and the stage's file system view. */
    void use(StepCache.Layer layer, ImageState image, StageRootfs rootfs) {
        if (layer.descriptor() == null) {
            return; // a cached step that made no layer
        }
        image.addLayer(layer.descriptor(), layer.diffId());
        rootfs.add(new StageRootfs.Layer(layer.descriptor().digest(), layer.diffId()));
    }
}
