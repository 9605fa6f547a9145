package io.jbuild.core.build;

import io.jbuild.core.buildcache.CacheExport;
import io.jbuild.core.buildcache.CacheTarget;
import io.jbuild.core.buildcache.CachedLayer;
import io.jbuild.core.buildcache.ImportedCache;
import io.jbuild.core.buildcache.MountArchive;
import io.jbuild.core.emulation.Emulation;
import io.jbuild.core.exec.CacheMountSeed;
import io.jbuild.core.exec.RunExecutor;
import io.jbuild.core.image.Descriptor;
import io.jbuild.core.image.ImageIndex;
import io.jbuild.core.image.ImageManifest;
import io.jbuild.core.image.Platform;
import io.jbuild.core.plan.BuildPlan;
import io.jbuild.core.registry.RegistryAccess;
import io.jbuild.core.registry.RegistryOptions;
import io.jbuild.core.snapshot.OverlayMount;
import io.jbuild.core.snapshot.SnapshotStore;
import io.jbuild.core.store.BlobStore;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.ImageSummary;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.grammar.reference.ImageReference;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

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

    /** Files up to this size keep their bytes in metadata snapshots (besides /etc/passwd and /etc/group). */
    private static final long METADATA_CONTENT_BYTES = 64 << 10;

    private final ImageStore store;
    private final ExecutorService compressionPool;
    private final int parallelism;
    private final long maxLayerBytes;
    /** How many platforms of a multi-platform build build at once. */
    private final int platformsAtOnce;

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
        this(store, compressionPool, parallelism, maxLayerBytes, Runtime.getRuntime().availableProcessors());
    }

    private ImageBuilder(ImageStore store, ExecutorService compressionPool, int parallelism, long maxLayerBytes,
                         int platformsAtOnce) {
        if (maxLayerBytes < 1) {
            throw new IllegalArgumentException("maxLayerBytes must be positive, got " + maxLayerBytes);
        }
        this.store = store;
        this.compressionPool = compressionPool;
        this.parallelism = parallelism;
        this.maxLayerBytes = maxLayerBytes;
        this.platformsAtOnce = platformsAtOnce;
    }

    /** This builder, building at most {@code n} platforms at once (1: one after the other). */
    ImageBuilder platformsAtOnce(int n) {
        return new ImageBuilder(store, compressionPool, parallelism, maxLayerBytes, Math.max(1, n));
    }

    public BuildResult build(BuildRequest request, BuildListener events) throws BuildException, IOException {
        return build(request, events, Emulation.system());
    }

    /**
     * As {@link #build(BuildRequest, BuildListener)}; {@code emulation} says which foreign platforms' RUN steps can
     * run here.
     *
     * <p>With several platforms ({@link BuildRequest#platforms()}) the target is built once per platform, as many
     * platforms at a time as this machine has cores, and the images go under an OCI image index (in the order the
     * platforms were given) that the tags name. What the platforms' builds share (a {@code FROM
     * --platform=$BUILDPLATFORM} stage whose steps do not read the target platform) is made by whichever reaches
     * it first, under the step key's lock ({@link SharedSteps}), and taken from the step cache by the others, or with
     * {@code --no-cache} from the steps made in this build (their keys are the same: the step keys chain from the
     * base image's ID); a layer byte-identical for several platforms is stored once, as every blob is. Every
     * platform is planned, and its RUN steps checked to be runnable here, before anything is built.
     */
    public BuildResult build(BuildRequest request, BuildListener events, Emulation emulation)
            throws BuildException, IOException {
        BuildListener listener = new OrderedListener(events);
        List<Platform> platforms = request.platforms();
        boolean multi = platforms.size() > 1;
        List<PlatformBuild> builds = new ArrayList<>();
        List<CacheImport> imports = new ArrayList<>();
        try {
            for (Platform platform : platforms) {
                BuildListener shown = multi ? new PlatformListener(listener, platform) : listener;
                // The cache sources are read (the network) while the platform is planned (the store, the CPU).
                CacheImport imported = CacheImport.start(request, platform, shown, maxLayerBytes);
                imports.add(imported);
                BaseImages bases = new BaseImages(store, request, shown, platform, multi);
                builds.add(new PlatformBuild(platform, imported.steps(), bases,
                        BuildPlanning.plan(request, shown, platform, bases), imported));
            }
            for (PlatformBuild b : builds) {
                EmulationCheck.check(b.planned().plan(), b.platform(), b.bases(), emulation);
            }
            return build(request, listener, multi, builds);
        } finally {
            imports.forEach(CacheImport::close);
        }
    }

    private BuildResult build(BuildRequest request, BuildListener listener, boolean multi, List<PlatformBuild> builds)
            throws BuildException, IOException {
        Instant now = request.sourceDateEpoch().orElse(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        RunSteps.recoverKilled(store);
        List<Descriptor> manifests = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Map<String, CachedLayer> steps = new LinkedHashMap<>();
        Map<String, CachedLayer> importedMounts = new LinkedHashMap<>();
        Map<Digest, ImageReference> lenders = new HashMap<>();
        for (Built built : buildAll(request, builds, now)) {
            manifests.add(built.manifest());
            // platform by platform, as a sequential build would
            built.steps().forEach(steps::putIfAbsent);
            built.importedMounts().forEach(importedMounts::putIfAbsent);
            built.lenders().forEach(lenders::putIfAbsent);
        }
        for (PlatformBuild b : builds) {
            b.planned().warnings().stream().filter(w -> !warnings.contains(w)).forEach(warnings::add);
        }
        if (!multi) {
            Descriptor manifest = manifests.get(0);
            Digest imageId = ((ImageManifest) store.readManifest(manifest)).config().digest();
            BuildResult result = new BuildResult(imageId, manifest, tag(request, manifest), warnings, lenders);
            exportCache(request, steps, importedMounts, manifests, listener);
            return result;
        }
        List<Descriptor> entries = new ArrayList<>();
        for (int i = 0; i < builds.size(); i++) {
            // The index names each image by the platform it was built for (its config says the same, unless a
            // stage of another FROM --platform is the target).
            entries.add(manifests.get(i).withAnnotations(Map.of()).withPlatform(builds.get(i).platform()));
        }
        Descriptor index = store.putManifest(ImageIndex.oci(entries));
        // As docker's containerd store does, a multi-platform image's ID is its index's digest.
        BuildResult result = new BuildResult(index.digest(), index, tag(request, index), warnings, lenders);
        exportCache(request, steps, importedMounts, manifests, listener);
        return result;
    }

    /** The tags of the built image, in the store unless it is only pushed (then nothing names it there). */
    private List<String> tag(BuildRequest request, Descriptor image) throws IOException {
        return request.pushOnly() ? request.tags().stream().map(t -> ImageReference.parse(t).toString()).toList()
                : ImageCommit.tag(store, request, image);
    }

    /** One platform's part of a build, planned. */
    private record PlatformBuild(Platform platform, BuildListener listener, BaseImages bases,
                                 BuildPlanning.Planned planned, CacheImport imports) {
    }

    /** A platform's {@code --cache-from} sources, read on a thread of their own from the start of the build. */
    private static final class CacheImport {
        private final CompletableFuture<ImportedCache> loading;
        private final boolean reads;
        private final ImportGate gate;
        /** The sources in the form the build uses them, once a step asked for them; guarded by this. */
        private ImportedCache taken;
        /** Once the build is over: what the import still reports is not shown after it. */
        private volatile boolean closed;

        private CacheImport(BuildRequest request, Platform platform, BuildListener listener, long maxLayerBytes) {
            reads = !request.cacheFrom().isEmpty() && !request.noCache();
            gate = new ImportGate(listener, !reads);
            if (!reads) {
                loading = CompletableFuture.completedFuture(ImportedCache.NONE);
                return;
            }
            loading = CompletableFuture.supplyAsync(() -> ImportedCache.load(request.cacheFrom(),
                    registryOptions(request), platform, m -> {
                        if (!closed) {
                            listener.warning(m);
                        }
                    }, (name, lines, took) -> {
                        if (!closed) {
                            listener.task(name, lines, took);
                        }
                    }, maxLayerBytes), r -> {
                Thread t = new Thread(r, "jbuild-cache-import");
                t.setDaemon(true);
                t.start();
            });
            loading.whenComplete((c, e) -> gate.open()); // its block shown: the steps' events follow
        }

        static CacheImport start(BuildRequest request, Platform platform, BuildListener listener, long maxLayerBytes) {
            return new CacheImport(request, platform, listener, maxLayerBytes);
        }

        /** Where the platform's steps report: held until the import's block is shown ({@link ImportGate}). */
        BuildListener steps() {
            return gate;
        }

        /** Whether there are sources to read: without, the build has no step to look up elsewhere. */
        boolean reads() {
            return reads;
        }

        /**
         * The sources read (waiting for them), as a build that only pushes ({@code pushOnly}: a hit's blob is
         * fetched only where a step reads the layer) or stores its image (the blobs of its own layers too) uses them.
         */
        synchronized ImportedCache take(boolean pushOnly) {
            if (taken == null) {
                ImportedCache loaded;
                try {
                    loaded = loading.join();
                } catch (CompletionException e) {
                    // load warns of every source it cannot read and goes on without it: only an Error gets here
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw e;
                }
                taken = pushOnly ? loaded.leavingBlobs() : loaded == ImportedCache.NONE ? loaded
                        : loaded.fetchingWhenNeeded();
            }
            return taken;
        }

        /**
         * Closes the sources: those a build took, or, once read, those it never asked for; what the steps reported is
         * shown now if the import has not ended.
         */
        synchronized void close() {
            if (!closed) {
                closed = true;
                gate.open();
                if (taken != null) {
                    taken.close();
                } else {
                    loading.thenAccept(ImportedCache::close);
                }
            }
        }
    }

    /**
     * One platform's image, stored (not tagged); the steps it used and the {@code --cache-from} copies of the cache
     * mounts {@code --cache-to} names (for {@code --cache-to}); the registry caches' blobs (for a push).
     */
    private record Built(Descriptor manifest, Map<String, CachedLayer> steps, Map<String, CachedLayer> importedMounts,
                         Map<Digest, ImageReference> lenders) {
    }

    /**
     * Builds every platform's image, as many at a time as there are cores (each platform's stages build in parallel
     * too); returns them in the platforms' order. A failure is reported once every platform has stopped: the first
     * platform's (in that order) that failed, as a build of one platform after the other would report it.
     */
    private List<Built> buildAll(BuildRequest request, List<PlatformBuild> builds, Instant now)
            throws BuildException, IOException {
        SharedSteps shared = new SharedSteps(builds.size());
        if (builds.size() == 1) {
            return List.of(build(request, builds.get(0), now, shared));
        }
        int threads = Math.min(builds.size(), platformsAtOnce);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "jbuild-platform");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Built>> running = new ArrayList<>();
            for (PlatformBuild b : builds) {
                running.add(pool.submit(() -> build(request, b, now, shared)));
            }
            List<Built> out = new ArrayList<>();
            Throwable failure = null;
            for (Future<Built> f : running) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    failure = failure != null ? failure : e.getCause();
                }
            }
            if (failure instanceof BuildException e) {
                throw e;
            } else if (failure instanceof IOException e) {
                throw e;
            } else if (failure instanceof RuntimeException e) {
                throw e;
            } else if (failure instanceof Error e) {
                throw e;
            } else if (failure != null) {
                throw new IOException(failure);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the platforms built");
        } finally {
            pool.shutdownNow(); // idle by now, but for an interrupt: then the builds still running are told to stop
        }
    }

    /** Builds one platform's target and stores its image (not tagged). */
    private Built build(BuildRequest request, PlatformBuild b, Instant now, SharedSteps shared)
            throws BuildException, IOException {
        // The steps start while the --cache-from sources are still read: a step waits for them when it first looks
        // a key up. An image only pushed needs a hit's blob only where a step reads the layer: the store fetches it
        // then. A stored image needs the blobs of its own layers, and of those a step reads: the others stay in the
        // cache.
        Imports imports = new Imports(b.imports(), request.pushOnly());
        // Hits are taken before their blob's check ends: one refused, the build goes again without it (each pass
        // refuses one record more, so this ends), keeping nothing the pass made from it. The bound only guards that
        // rule: a pass that refused nothing new would otherwise go round for ever.
        for (int pass = 0; ; pass++) {
            try {
                return attempt(request, b, now, shared, imports);
            } catch (HitRefused e) {
                // its warning is given: the refused record's steps run in the next pass, as it says
                if (pass > imports.get().size()) {
                    throw new IOException("--cache-from: " + pass + " builds in a row took a hit that was then"
                            + " refused; giving up (build without --cache-from)", e);
                }
            }
        }
    }

    /** A platform's --cache-from sources as its build uses them, waited for when first asked. */
    private record Imports(CacheImport pending, boolean pushOnly) implements Supplier<ImportedCache> {
        @Override
        public ImportedCache get() {
            return pending.take(pushOnly);
        }
    }

    /** A --cache-from hit this pass took on trust was refused: nothing of the pass is kept. */
    private static final class HitRefused extends Exception {
        private static final long serialVersionUID = 1L;
    }

    private Built attempt(BuildRequest request, PlatformBuild b, Instant now, SharedSteps shared,
                          Imports imports) throws BuildException, IOException, HitRefused {
        BuildWorkDir workDir = BuildWorkDir.create(store.paths().buildWork());
        BlobStore blobs = !imports.pending().reads() ? store.blobs()
                : store.blobs().fetching(d -> imports.get().fetchLeft(d, store.blobs()));
        StepCache cache = new StepCache(store.paths().stepCache(), store.blobs(), imports);
        SnapshotStore snapshots = new SnapshotStore(store.paths().snapshots(), OverlayMount.KERNEL_MAX_LOWERS,
                SnapshotStore.DEFAULT_FLATTEN_CHUNK, maxLayerBytes);
        StageRootfs.Sources views = new StageRootfs.Sources(workDir.path(), blobs, snapshots, metadataSnapshots(),
                maxLayerBytes);
        BuildPlan plan = b.planned().plan();
        BuiltStages stages = new BuiltStages(plan, b.bases(), views);
        RunSteps runs = new RunSteps(store, blobs, snapshots, request, plan.proxyArgs(), stages.sources(),
                workDir.path(), !imports.pending().reads() ? CacheMountSeed.NONE
                : (id, dir) -> imports.get().mountSeed(store.blobs()).fill(id, dir));
        HeldProgress progress = new HeldProgress(b.listener());
        LayerCommit layers = new LayerCommit(store, cache, request, compressionPool, parallelism, workDir.path(),
                shared, progress);
        BuildSession session = new BuildSession(request, progress, b.platform(), now, b.bases(), stages,
                layers, runs, store.blobs(), workDir.path(), store.paths().contextCache(), maxLayerBytes, views);
        try (layers; runs) {
            try {
                StageScheduler.run(plan.stages(),
                        stage -> stages.put(stage.index(), new StageBuild(session).build(stage)), stages.indexes());
            } catch (BuildException | IOException | RuntimeException e) {
                if (!cache.confirmImported()) {
                    throw new HitRefused(); // the step failed reading a layer refused since
                }
                throw e;
            }
            runs.close(); // the steps are over: their networks go before the commit, not after it
            if (!request.pushOnly()) {
                Set<Digest> image = new HashSet<>();
                stages.get(plan.target().index()).image().layers.forEach(l -> image.add(l.digest()));
                imports.get().fetchNeeded(image, request.cacheTo(), store.blobs());
            }
            if (!cache.confirmImported()) {
                throw new HitRefused();
            }
            Descriptor manifest = new ImageCommit(store, cache).store(stages.get(plan.target().index()), session);
            if (request.pushOnly()) {
                imports.get().fetchUnmountable(request.tags().stream().map(ImageReference::parse).toList(),
                        request.cacheTo(), store.blobs());
            }
            Map<String, CachedLayer> importedMounts = new LinkedHashMap<>();
            for (CacheTarget target : request.cacheTo()) {
                for (String id : target.mounts()) {
                    try {
                        imports.get().mount(id, store.blobs()).ifPresent(l -> importedMounts.put(id, l));
                    } catch (IOException e) {
                        b.listener().warning("importing cache mount " + id + ": " + e.getMessage());
                    }
                }
            }
            return new Built(manifest, cache.steps(), importedMounts, imports.get().lenders());
        } finally {
            try {
                stages.close();
            } finally {
                workDir.close(); // and whatever a failed close above left in it
            }
        }
    }

    /**
     * {@code --cache-to}: after the image is stored, each target gets the build's steps (every platform's); a
     * failure fails the build unless the target says {@code ignore-error=true}, as in BuildKit.
     */
    private void exportCache(BuildRequest request, Map<String, CachedLayer> steps,
                             Map<String, CachedLayer> importedMounts, List<Descriptor> manifests,
                             BuildListener listener) throws BuildException, IOException {
        if (request.cacheTo().isEmpty()) {
            return;
        }
        // A cache mount goes as this store has it; one this build never filled (its steps all came from the
        // cache) as the --cache-from cache had it, so a warm runner's export does not drop it for the next.
        Map<String, CachedLayer> mounts = new LinkedHashMap<>();
        for (CacheTarget target : request.cacheTo()) {
            for (String id : target.mounts()) {
                if (!mounts.containsKey(id)) {
                    Optional<CachedLayer> files = MountArchive.write(
                            RunExecutor.cacheMountDir(store.paths().runState(), id), store.blobs());
                    if (files.isEmpty() && importedMounts.containsKey(id)) {
                        files = Optional.of(importedMounts.get(id));
                    }
                    files.ifPresentOrElse(l -> mounts.put(id, l), () -> listener.warning("--cache-to mounts=" + id
                            + ": no RUN --mount=type=cache,id=" + id + " has files in this store, nor does a"
                            + " --cache-from cache: it is not exported"));
                }
            }
        }
        Set<Digest> imageLayers = new HashSet<>();
        for (Descriptor manifest : manifests) {
            ((ImageManifest) store.readManifest(manifest)).layers().forEach(l -> imageLayers.add(l.digest()));
        }
        for (CacheTarget target : request.cacheTo()) {
            try {
                CacheExport.export(target, steps, mounts, imageLayers, store.blobs(), registryOptions(request),
                        listener::task);
            } catch (IOException e) {
                if (!target.ignoreError()) {
                    throw new BuildException(e.getMessage(), e);
                }
                listener.warning(e.getMessage() + " (ignored: ignore-error=true)");
            }
        }
    }

    /** How a cache's registry is reached: as a base image's ({@code --insecure-registry} included). */
    private static RegistryAccess registryOptions(BuildRequest request) {
        return registry -> {
            RegistryOptions options = request.registries().options(registry);
            Set<String> insecure = new HashSet<>(options.insecureRegistries());
            insecure.addAll(request.insecureRegistries());
            return options.withInsecureRegistries(insecure);
        };
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
        return new SnapshotStore(store.paths().snapshots()).prune(keep) + metadataSnapshots().prune(keep);
    }

    /** The store's metadata snapshots (names, modes, owners, small files: what COPY and WORKDIR look at). */
    private SnapshotStore metadataSnapshots() {
        return SnapshotStore.metadataOnly(store.paths().snapshotMetadata(), maxLayerBytes, METADATA_CONTENT_BYTES);
    }
}
