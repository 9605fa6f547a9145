package io.jbuild.core.build;

import io.jbuild.core.buildcache.CachedLayer;
import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.layer.LayerBlob;
import io.jbuild.core.layer.LayerEntry;
import io.jbuild.core.layer.LayerWriter;
import io.jbuild.core.store.BlobInfo;
import io.jbuild.core.store.BlobWriter;
import io.jbuild.core.store.ImageStore;
import java.io.IOException;
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
final class LayerCommit {

    private final ImageStore store;
    private final StepCache cache;
    private final BuildRequest request;
    private final ExecutorService compressionPool;
    private final int parallelism;
    private final AtomicInteger fresh = new AtomicInteger();
    /** What this build's platforms made, and the per-key locks that make a step they share once. */
    private final SharedSteps shared;

    LayerCommit(ImageStore store, StepCache cache, BuildRequest request, ExecutorService compressionPool,
                int parallelism) {
        this(store, cache, request, compressionPool, parallelism, new SharedSteps());
    }

    /**
     * @param shared what the platforms of a multi-platform build share: with {@code --no-cache} a step of the same
     *               key (a native stage's that does not read TARGET*) is taken from what another made rather than made
     *               again, as BuildKit builds such a stage once
     */
    LayerCommit(ImageStore store, StepCache cache, BuildRequest request, ExecutorService compressionPool,
                int parallelism, SharedSteps shared) {
        this.store = store;
        this.cache = cache;
        this.request = request;
        this.compressionPool = compressionPool;
        this.parallelism = parallelism;
        this.shared = shared;
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
            cache.put(key.hex(), StepCache.Layer.NONE);
            shared.made(key, CachedLayer.NONE);
            return Optional.empty();
        }
        Optional<Instant> epoch = request.sourceDateEpoch();
        Iterator<LayerEntry> clamped = new Iterator<>() {
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
        fresh.incrementAndGet();
        LayerWriter writer = new LayerWriter(request.compression(), compressionPool, parallelism);
        LayerBlob blob;
        BlobInfo info;
        try (BlobWriter out = store.blobs().writer()) {
            blob = writer.write(clamped, out);
            info = out.commit(Digest.parse(blob.digest()), blob.size());
        }
        StepCache.Layer layer = new StepCache.Layer(Descriptor.of(blob.mediaType(), info.digest(), info.size()),
                Digest.parse(blob.diffId()));
        cache.put(key.hex(), layer);
        shared.made(key, new CachedLayer(layer.descriptor(), layer.diffId()));
        use(layer, image, rootfs);
        return Optional.of(layer);
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
