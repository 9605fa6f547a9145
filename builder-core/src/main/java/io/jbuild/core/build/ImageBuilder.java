package io.jbuild.core.build;

import io.jbuild.core.image.Platform;
import io.jbuild.core.snapshot.OverlayMount;
import io.jbuild.core.snapshot.SnapshotStore;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.ImageSummary;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * The public entry point of the build engine: Dockerfile + context → image in the local store.
 *
 * <p>A build is a row of named steps, each with a typed result: {@link BuildPlanning} parses and plans the
 * Dockerfile; {@link RunSteps#recoverKilled} undoes what killed builds left; {@link StageScheduler} builds the
 * stages the target needs, each as soon as those it depends on are done, through {@link StageBuild} (the stage's
 * start, then each instruction through {@link StepDispatch}, which takes a layer from the cache by its
 * {@link StepKey} or makes it with {@link LayerCommit}); {@link ImageCommit} stores and tags the target's image.
 * Each instruction either changes the image config or adds a layer; layer-making steps are cached by a key chained
 * from the base, every earlier step and, for COPY/ADD, exactly the content copied. Nothing is tagged unless the
 * whole build succeeded.
 */
public final class ImageBuilder {

    private final ImageStore store;
    private final ExecutorService compressionPool;
    private final int parallelism;
    private final long maxLayerBytes;

    /**
     * @param compressionPool threads for parallel gzip (null: compress on the building thread)
     * @param parallelism     that pool's size
     */
    public ImageBuilder(ImageStore store, ExecutorService compressionPool, int parallelism) {
        this(store, compressionPool, parallelism, SnapshotStore.DEFAULT_MAX_LAYER_BYTES);
    }

    /**
     * @param maxLayerBytes the most uncompressed bytes a layer this build unpacks may hold: a base image's
     *                      decompression bomb fails there, naming the layer
     */
    public ImageBuilder(ImageStore store, ExecutorService compressionPool, int parallelism, long maxLayerBytes) {
        if (maxLayerBytes < 1) {
            throw new IllegalArgumentException("maxLayerBytes must be positive, got " + maxLayerBytes);
        }
        this.store = store;
        this.compressionPool = compressionPool;
        this.parallelism = parallelism;
        this.maxLayerBytes = maxLayerBytes;
    }

    public BuildResult build(BuildRequest request, BuildListener events) throws BuildException, IOException {
        BuildListener listener = new OrderedListener(events);
        Platform platform = request.platform().map(Platform::parse).orElse(Platform.host());
        BaseImages bases = new BaseImages(store, request, listener, platform);
        BuildPlanning.Planned planned = BuildPlanning.plan(request, listener, platform, bases);
        Instant now = request.sourceDateEpoch().orElse(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        RunSteps.recoverKilled(store);
        BuildWorkDir workDir = BuildWorkDir.create(store.paths().buildWork());
        StepCache cache = new StepCache(store.paths().stepCache(), store.blobs());
        SnapshotStore snapshots = new SnapshotStore(store.paths().snapshots(), OverlayMount.KERNEL_MAX_LOWERS,
                SnapshotStore.DEFAULT_FLATTEN_CHUNK, maxLayerBytes);
        StageRootfs.Sources views = new StageRootfs.Sources(workDir.path(), store.blobs(), snapshots, maxLayerBytes);
        BuiltStages stages = new BuiltStages(planned.plan(), bases, views);
        RunSteps runs = new RunSteps(store, snapshots, request, planned.plan().proxyArgs(), stages.sources(),
                workDir.path());
        BuildSession session = new BuildSession(request, listener, platform, now, bases, stages,
                new LayerCommit(store, cache, request, compressionPool, parallelism), runs,
                store.blobs(), workDir.path(), store.paths().contextCache(), maxLayerBytes, views);
        try (runs) {
            StageScheduler.run(planned.plan().stages(),
                    stage -> stages.put(stage.index(), new StageBuild(session).build(stage)), stages.indexes());
            runs.close(); // the steps are over: their networks go before the commit, not after it
            return new ImageCommit(store, cache).commit(stages.get(planned.plan().target().index()), session,
                    planned.warnings());
        } finally {
            try {
                stages.close();
            } finally {
                workDir.close(); // and whatever a failed close above left in it
            }
        }
    }

    /**
     * Deletes the unpacked layers (RUN's snapshots) no tagged image of the store uses; they are remade from the
     * blobs when a build needs them again. Run it with {@link ImageStore#prune}: together they bound the store's
     * size. Returns how many were deleted.
     */
    public int pruneSnapshots() throws IOException {
        return pruneSnapshots(Set.of());
    }

    /** As {@link #pruneSnapshots()}, sparing also the layers {@code alsoKeep} names (diff IDs: containers' own). */
    public int pruneSnapshots(Set<String> alsoKeep) throws IOException {
        Set<String> keep = new HashSet<>(alsoKeep);
        for (ImageSummary s : store.list()) {
            try {
                store.resolve(s.refName()).config().rootfs().diffIds().forEach(d -> keep.add(d.toString()));
            } catch (IOException | RuntimeException e) {
                // an image we cannot read (another tool's): its layers are unpacked again if ever needed
            }
        }
        return new SnapshotStore(store.paths().snapshots()).prune(keep);
    }
}
