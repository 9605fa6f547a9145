package io.jbuild.core.build;

import io.jbuild.core.image.Descriptor;
import io.jbuild.core.image.Digest;
import io.jbuild.core.image.ImageReference;
import io.jbuild.core.image.Platform;
import io.jbuild.core.layer.LayerApplier;
import io.jbuild.core.layer.LayerBlob;
import io.jbuild.core.layer.LayerEntry;
import io.jbuild.core.layer.LayerWriter;
import io.jbuild.core.plan.BuildPlan;
import io.jbuild.core.plan.BuildPlanner;
import io.jbuild.core.plan.PlanException;
import io.jbuild.core.plan.PlanOptions;
import io.jbuild.core.plan.PlannedStage;
import io.jbuild.core.plan.PlannedStep;
import io.jbuild.core.plan.PlatformSpec;
import io.jbuild.core.plan.StageBase;
import io.jbuild.core.exec.RunExecutor;
import io.jbuild.core.exec.RunMount;
import io.jbuild.core.snapshot.OverlayMount;
import io.jbuild.core.snapshot.SnapshotStore;
import io.jbuild.core.store.BlobInfo;
import io.jbuild.core.store.BlobWriter;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.ResolvedImage;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.parser.DockerfileParser;
import io.jbuild.grammar.parser.ParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The public entry point of the build engine: Dockerfile + context → image in the local store.
 *
 * <p>Parses and plans the Dockerfile ({@link BuildPlanner}), then builds the stages the target needs in order:
 * each starts from scratch, an earlier stage or an image in the store, and each instruction either changes the
 * image config or adds a layer. Layer-making steps are cached by a key chained from the base, every earlier
 * step and, for COPY/ADD, exactly the content copied. Nothing is tagged unless the whole build succeeded.
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
        ParseResult parsed = DockerfileParser.parse(request.dockerfile());
        if (parsed.hasErrors()) {
            throw new BuildException(parsed.errors());
        }
        parsed.diagnostics().forEach(d -> listener.warning(d.message()));
        Platform platform = request.platform().map(Platform::parse).orElse(Platform.host());
        BaseImages bases = new BaseImages(store, request, listener, platform);
        PlanOptions options = PlanOptions.defaults()
                .withBuildArgs(request.buildArgs())
                .withTarget(request.target().orElse(null))
                .withTargetPlatform(PlatformSpec.parse(platform.format()))
                .withBaseImageEnv(bases::env)
                .withBaseImageOnBuild(bases::triggers);
        BuildPlan plan;
        try {
            plan = BuildPlanner.plan(parsed.dockerfile(), options);
        } catch (PlanException e) {
            throw new BuildException(e.problems());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        listener.planned(plan.stages().size());
        List<String> warnings = new ArrayList<>();
        if (!plan.unusedBuildArgs().isEmpty()) {
            String w = "One or more build-args " + plan.unusedBuildArgs() + " were not consumed";
            warnings.add(w);
            listener.warning(w);
        }
        Instant now = request.sourceDateEpoch().orElse(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        recoverKilledSteps();
        BuildWorkDir workDir = BuildWorkDir.create(store.paths().buildWork());
        Context context = new Context(request, listener, platform, now, bases, workDir.path(),
                new StepCache(store.paths().stepCache(), store.blobs()), new RunStep.Context[1],
                new AtomicInteger(), new ConcurrentHashMap<>());
        Map<Integer, StageOutcome> done = new ConcurrentHashMap<>();
        try {
            StageScheduler.run(plan.stages(), stage -> done.put(stage.index(), buildStage(stage, plan, done, context)),
                    done.keySet());
            StageOutcome target = done.get(plan.target().index());
            ImageState image = target.image();
            image.labels.putAll(request.labels());
            // When every layer came from the cache, the image is the one made last time: same ID, as docker gives.
            String imageKey = sha256(target.key() + "\nimage\n" + request.labels() + "\n" + platform.format() + "\n"
                    + request.sourceDateEpoch() + "\n" + image.config(null).history().size());
            Optional<Descriptor> reused = request.noCache() || context.fresh().get() > 0 ? Optional.empty()
                    : context.cache().image(imageKey).filter(this::complete);
            Descriptor manifest = reused.isPresent() ? reused.get() : store.putImage(image.config(now), image.layers);
            if (reused.isEmpty()) {
                context.cache().putImage(imageKey, manifest);
            }
            Digest imageId = ((io.jbuild.core.image.ImageManifest) store.readManifest(manifest)).config().digest();
            List<String> tags = new ArrayList<>();
            for (String tag : request.tags()) {
                ImageReference ref = ImageReference.parse(tag);
                store.tag(ref, manifest);
                tags.add(ref.toString());
            }
            if (tags.isEmpty()) {
                store.addUnnamed(manifest); // listed as <none>, as docker lists an untagged build
            }
            return new BuildResult(imageId, manifest, tags, warnings);
        } finally {
            try {
                for (StageOutcome o : done.values()) {
                    o.rootfs().close();
                }
                for (StageRootfs image : context.imageSources().values()) {
                    image.close();
                }
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
        return pruneSnapshots(java.util.Set.of());
    }

    /** As {@link #pruneSnapshots()}, sparing also the layers {@code alsoKeep} names (diff IDs: containers' own). */
    public int pruneSnapshots(java.util.Set<String> alsoKeep) throws IOException {
        java.util.Set<String> keep = new java.util.HashSet<>(alsoKeep);
        for (io.jbuild.core.store.ImageSummary s : store.list()) {
            try {
                store.resolve(s.refName()).config().rootfs().diffIds().forEach(d -> keep.add(d.toString()));
            } catch (IOException | RuntimeException e) {
                // an image we cannot read (another tool's): its layers are unpacked again if ever needed
            }
        }
        return new SnapshotStore(store.paths().snapshots()).prune(keep);
    }

    /**
     * Undoes what builds killed during a RUN step left (their containers, mounts and directories) before this
     * build starts, whether or not it runs a step itself; nothing to do, and no runtime started, when none did.
     */
    private void recoverKilledSteps() throws IOException {
        RunExecutor executor = new RunExecutor(new SnapshotStore(store.paths().snapshots()), store.paths().runState());
        boolean any;
        try (var entries = Files.list(executor.runsDir())) {
            any = entries.findAny().isPresent();
        } catch (java.nio.file.NoSuchFileException e) {
            any = false;
        }
        if (any) {
            executor.recover();
        }
    }

    /**
     * Per-build values every stage needs, shared by stages building at the same time. {@code fresh}: how many
     * layers this build wrote (0: everything came from the cache); {@code imageSources}: the file systems of images
     * named by {@code COPY --from}, by reference; {@code run[0]}: the RUN executor, made on first use.
     */
    private record Context(BuildRequest request, BuildListener listener, Platform platform, Instant now,
                           BaseImages bases, Path work, StepCache cache, RunStep.Context[] run, AtomicInteger fresh,
                           Map<String, StageRootfs> imageSources) {
    }

    /** The manifest and everything it names are still in the store. */
    private boolean complete(Descriptor manifest) {
        try {
            if (!store.blobs().has(manifest.digest())) {
                return false;
            }
            io.jbuild.core.image.ImageManifest m = (io.jbuild.core.image.ImageManifest) store.readManifest(manifest);
            return store.blobs().has(m.config().digest()) && m.layers().stream().allMatch(l -> store.blobs().has(l.digest()));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A built stage: its image, its file system view and the cache key of its last step. */
    private record StageOutcome(ImageState image, StageRootfs rootfs, String key) {
    }

    private StageOutcome buildStage(PlannedStage stage, BuildPlan plan, Map<Integer, StageOutcome> done, Context cx)
            throws IOException, BuildException {
        String label = stage.name().orElse(String.valueOf(stage.index()));
        int total = stage.steps().size() + 1;
        Instant started = Instant.now();
        cx.listener().stepStarted(label, 1, total, stage.from().meta().text());
        LayerApplier applier = new LayerApplier(maxLayerBytes);
        ImageState image;
        StageRootfs rootfs;
        String key;
        if (stage.base() instanceof StageBase.Scratch) {
            image = ImageState.empty(cx.platform());
            rootfs = new StageRootfs(cx.work(), applier, store.blobs(), List.of());
            key = sha256("scratch " + cx.platform().format());
        } else if (stage.base() instanceof StageBase.Stage s) {
            StageOutcome parent = done.get(s.index());
            image = parent.image().child();
            rootfs = new StageRootfs(cx.work(), applier, store.blobs(), parent.rootfs().layers());
            key = parent.key();
        } else {
            String ref = ((StageBase.Image) stage.base()).reference();
            ResolvedImage base;
            try {
                base = cx.bases().resolve(ref);
            } catch (BaseImages.Missing | IllegalArgumentException e) {
                throw BuildException.at(stage.from().meta().range(), "FROM " + ref + ": " + e.getMessage());
            }
            image = ImageState.of(base.config(), base.manifest().layers());
            rootfs = new StageRootfs(cx.work(), applier, store.blobs(),
                    base.manifest().layers().stream().map(Descriptor::digest).toList());
            key = sha256("image " + base.imageId());
            image.onBuild.clear(); // the triggers run now (they are the plan's first steps); the new image keeps none
        }
        cx.listener().stepDone(label, 1, Duration.between(started, Instant.now()));
        try {
            key = buildSteps(stage, image, rootfs, key, done, plan, cx);
        } catch (IOException | BuildException | RuntimeException | Error e) {
            rootfs.close(); // a failed stage's tree goes now: no one will copy from it
            throw e;
        }
        return new StageOutcome(image, rootfs, key);
    }

    /** The steps after FROM; returns the cache key after the last one. */
    private String buildSteps(PlannedStage stage, ImageState image, StageRootfs rootfs, String key,
                              Map<Integer, StageOutcome> done, BuildPlan plan, Context cx)
            throws IOException, BuildException {
        String label = stage.name().orElse(String.valueOf(stage.index()));
        int total = stage.steps().size() + 1;
        int number = 1;
        for (PlannedStep step : stage.steps()) {
            number++;
            Instant t0 = Instant.now();
            Instruction in = step.instruction();
            cx.listener().stepStarted(label, number, total, in.meta().text());
            key = sha256(key + "\n" + Steps.describe(in) + "\n" + String.join("\n", step.env().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).toList()));
            try {
                key = runStep(in, step, image, rootfs, key, done, plan, cx, label, number);
            } catch (IOException | RuntimeException e) {
                if (!Thread.currentThread().isInterrupted() && !(e instanceof java.io.InterruptedIOException)) {
                    cx.listener().stepFailed(label, number, String.valueOf(e.getMessage()));
                }
                throw e;
            } catch (Steps.StepException e) {
                cx.listener().stepFailed(label, number, in.name() + ": " + e.getMessage());
                if (step.triggeredBy().isPresent()) {
                    throw BuildException.at(stage.from().meta().range(), "ONBUILD " + in.name() + " (a trigger of "
                            + step.triggeredBy().get() + "): " + e.getMessage(), e.getCause());
                }
                throw BuildException.at(in.meta().range(), in.name() + ": " + e.getMessage(), e.getCause());
            }
            cx.listener().stepDone(label, number, Duration.between(t0, Instant.now()));
        }
        return key;
    }

    /** Applies one instruction; returns the cache key after it. */
    private String runStep(Instruction in, PlannedStep step, ImageState image, StageRootfs rootfs, String key,
                           Map<Integer, StageOutcome> done, BuildPlan plan, Context cx, String label, int number)
            throws IOException, Steps.StepException {
        Instant now = cx.now();
        if (in instanceof Instruction.Copy || in instanceof Instruction.Add) {
            // The key from what decides the layer (the base, the instruction, the sources' content), so that a
            // cache hit needs neither the base's file system nor a walk of the sources.
            // A --link layer does not depend on the layers below it: its key starts from what decides its content
            // alone (the working directory a relative destination uses, and the owners --chown names resolve to),
            // so it is reused when the base changes, as BuildKit reuses a linked copy.
            boolean link = Steps.linked(in);
            String base = link ? linkBase(in, image, key) : key;
            Optional<String> quickKey = copyKey(in, base, cx, done, plan);
            Optional<StepCache.Layer> cached = quickKey.isEmpty() || cx.request().noCache() ? Optional.empty()
                    : cx.cache().get(quickKey.get());
            String layerKey;
            if (cached.isPresent()) {
                cx.listener().stepCached(label, number);
                useLayer(cached.get(), image, rootfs);
                layerKey = quickKey.get();
            } else {
                try (CopyPlan copy = Steps.copy(in, image, rootfs, sources(done, plan, cx), cx.request(),
                        now, contextCache())) {
                    layerKey = quickKey.orElse(sha256(base + "\nparents\n" + copy.contentDigest()));
                    // A --link copy made every parent itself, on its empty tree; others take the stage's.
                    java.util.Iterator<LayerEntry> entries = copy.entries().iterator();
                    storeLayer(link ? entries : new ParentDirs(entries, rootfs.path()), layerKey, image, rootfs,
                            cx);
                }
            }
            image.addHistory(now, History.copy(in), false);
            // The steps after it still follow the whole chain.
            return link ? sha256(key + "\nlink " + layerKey) : layerKey;
        }
        if (in instanceof Instruction.Workdir w) {
            String dir = Steps.workdir(image.workingDir, w.path());
            image.workingDir = dir;
            // "parents": layers made before carried no parent directories.
            String mkdirKey = sha256(key + "\nWORKDIR " + dir + "\n" + image.user + "\nparents");
            Optional<StepCache.Layer> cached = cx.request().noCache() ? Optional.empty() : cx.cache().get(mkdirKey);
            boolean made;
            if (cached.isPresent()) {
                cx.listener().stepCached(label, number);
                useLayer(cached.get(), image, rootfs);
                made = cached.get().descriptor() != null;
            } else {
                made = storeLayer(new ParentDirs(Steps.mkdirs(dir, image, rootfs, now).iterator(), rootfs.path()),
                        mkdirKey, image, rootfs, cx);
            }
            image.addHistory(now, "WORKDIR " + dir, !made);
            return made ? mkdirKey : key;
        }
        if (in instanceof Instruction.Run r) {
            RunStep.network(r, cx.request()); // an ungranted host network fails, cached or not, as in BuildKit
            List<String> args = RunStep.args(r, image);
            String runKey = sha256(key + "\nRUN " + String.join("\u0000", args) + RunStep.scriptKey(r) + "\n"
                    + r.mounts() + "\n" + bindSources(r, cx, done, plan) + r.network().orElse(cx.request().network())
                    + "\n" + image.user + "\n" + image.workingDir + hostnameKey(RunStep.hostname(cx.request())));
            Optional<StepCache.Layer> cached = cx.request().noCache() ? Optional.empty() : cx.cache().get(runKey);
            if (cached.isPresent()) {
                cx.listener().stepCached(label, number);
                useLayer(cached.get(), image, rootfs);
                image.addHistory(now, RunStep.history(args, step), cached.get().descriptor() == null);
                return runKey;
            }
            boolean made;
            try (RunStep.Outcome o = RunStep.run(r, step, image, rootfs, runContext(cx, plan, done),
                    (stream, line) -> cx.listener().output(label, number, line))) {
                made = storeLayer(o.entries(), runKey, image, rootfs, cx);
            }
            image.addHistory(now, RunStep.history(args, step), !made);
            return runKey;
        }
        Steps.configure(in, step, image);
        if (!(in instanceof Instruction.Onbuild)) { // BuildKit's dispatchOnbuild commits no history entry
            image.addHistory(now, History.config(in, image), true);
        }
        return key;
    }

    /**
     * Where a {@code --link} copy's key starts: the working directory (a relative destination uses it) or, when
     * {@code --chown} names users the image's files resolve, the whole chain (the names depend on the layers below).
     */
    private static String linkBase(Instruction in, ImageState image, String key) {
        Optional<String> chown = in instanceof Instruction.Copy c ? c.chown() : ((Instruction.Add) in).chown();
        if (chown.isPresent() && !Users.isNumeric(chown.get())) {
            return key;
        }
        return sha256("link\n" + image.workingDir);
    }

    /** A host name of its own changes what a RUN may write ({@code hostname > f}): it keys the step. */
    private static String hostnameKey(String hostname) {
        return hostname.isEmpty() ? "" : "\nhostname " + hostname;
    }

    /**
     * What the bind mounts of a RUN show, for its cache key, as BuildKit keys a run by its mounts' content: the
     * content hash of a context path, the key of a stage, the manifest digest of an image.
     */
    private String bindSources(Instruction.Run r, Context cx, Map<Integer, StageOutcome> done, BuildPlan plan)
            throws IOException {
        StringBuilder k = new StringBuilder();
        for (String spec : r.mounts()) {
            RunMount m;
            try {
                m = RunMount.parse(spec);
            } catch (IllegalArgumentException e) {
                continue; // the step reports it, with its line
            }
            if (m.type() != RunMount.Type.BIND) {
                continue;
            }
            String source = m.source() == null || m.source().isEmpty() ? "." : m.source();
            if (m.from() == null || m.from().isEmpty()) {
                k.append("bind context ").append(ContextFiles.digest(cx.request().contextDir(),
                        cx.request().dockerfile(), List.of(source), contextCache()));
            } else {
                Optional<String> stage = builtStage(m.from(), done, plan).map(StageOutcome::key);
                k.append("bind from ").append(stage.isPresent() ? "stage " + stage.get()
                        : "image " + imageDigest(m.from(), cx));
            }
            k.append(' ').append(source).append('\n');
        }
        return k.toString();
    }

    /** The manifest digest {@code ref} resolves to, or a marker when it does not (the step then fails). */
    private static String imageDigest(String ref, Context cx) throws IOException {
        try {
            return cx.bases().resolve(ref).manifestDescriptor().digest().toString();
        } catch (BaseImages.Missing | IllegalArgumentException e) {
            return "unresolved " + ref;
        }
    }

    private Path contextCache() {
        return store.paths().contextCache();
    }

    /**
     * The cache key of a COPY/ADD computed without building its entries: the step's key, the instruction, the
     * content hash of its context sources (cached by file metadata), the key of a {@code --from} stage, heredoc
     * bodies. Empty when only the fetched content can tell (ADD of a URL without --checksum).
     */
    private Optional<String> copyKey(Instruction in, String key, Context cx, Map<Integer, StageOutcome> done,
                                     BuildPlan plan) throws IOException {
        // "copy 3": COPY/ADD layers follow destination symlinks and keep destination directories since version 2,
        // carry their parent directories since 3; keys of layers made before must not match.
        StringBuilder k = new StringBuilder(key).append("\ncopy 3\n").append(Steps.describe(in)).append('\n');
        List<String> sources;
        Optional<String> from = Optional.empty();
        List<io.jbuild.grammar.ast.Heredoc> inline;
        if (in instanceof Instruction.Copy c) {
            if (c.parents()) {
                return Optional.empty(); // its include patterns are matched while copying; the copy's digest decides
            }
            sources = c.sources();
            from = c.from();
            inline = c.inlineSources();
        } else {
            Instruction.Add a = (Instruction.Add) in;
            sources = new ArrayList<>();
            for (String s : a.sources()) {
                if (s.regionMatches(true, 0, "http://", 0, 7) || s.regionMatches(true, 0, "https://", 0, 8)) {
                    if (a.checksum().isEmpty()) {
                        return Optional.empty();
                    }
                    k.append("url ").append(s).append(' ').append(a.checksum().get()).append('\n');
                } else {
                    sources.add(s);
                }
            }
            inline = a.inlineSources();
            k.append("unpack ").append(a.unpack()).append('\n');
        }
        for (io.jbuild.grammar.ast.Heredoc h : inline) {
            k.append("heredoc ").append(h.name()).append('\n').append(h.effectiveContent()).append('\n');
        }
        if (from.isPresent()) {
            String name = from.get();
            Optional<String> stageKey = builtStage(name, done, plan).map(StageOutcome::key);
            if (stageKey.isEmpty()) {
                return Optional.empty();
            }
            k.append("from ").append(stageKey.get()).append('\n');
        } else if (!sources.isEmpty()) {
            k.append("context ").append(ContextFiles.digest(cx.request().contextDir(), cx.request().dockerfile(), sources,
                    contextCache())).append('\n');
        }
        return Optional.of(sha256(k.toString()));
    }

    /** {@code --from} sources: a stage by name or index, else an image by reference (from the store, or pulled). */
    private Steps.Stages sources(Map<Integer, StageOutcome> done, BuildPlan plan, Context cx) {
        return name -> builtStage(name, done, plan).map(StageOutcome::rootfs).or(() -> imageSource(name, cx));
    }

    /** An image's file system for {@code COPY --from=IMAGE}, made once per build; empty when there is no such image. */
    private Optional<StageRootfs> imageSource(String ref, Context cx) {
        synchronized (cx.imageSources()) {
            return makeImageSource(ref, cx);
        }
    }

    private Optional<StageRootfs> makeImageSource(String ref, Context cx) {
        StageRootfs made = cx.imageSources().get(ref);
        if (made != null) {
            return Optional.of(made);
        }
        ResolvedImage image;
        try {
            image = cx.bases().resolve(ref);
        } catch (BaseImages.Missing | IllegalArgumentException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StageRootfs rootfs = new StageRootfs(cx.work(), new LayerApplier(maxLayerBytes), store.blobs(),
                image.manifest().layers().stream().map(Descriptor::digest).toList());
        cx.imageSources().put(ref, rootfs);
        return Optional.of(rootfs);
    }

    /** A built stage named by {@code --from} or {@code from=}: by name (case-insensitive) or index. */
    private static Optional<StageOutcome> builtStage(String nameOrIndex, Map<Integer, StageOutcome> done,
                                                     BuildPlan plan) {
        for (PlannedStage s : plan.stages()) {
            if (s.name().map(n -> n.equalsIgnoreCase(nameOrIndex)).orElse(false)
                    || String.valueOf(s.index()).equals(nameOrIndex)) {
                return Optional.ofNullable(done.get(s.index()));
            }
        }
        return Optional.empty();
    }

    /**
     * Writes a new layer into the store, records it in the cache and the image; false (and no layer) when there
     * are no entries, as a RUN that changes nothing adds no layer in BuildKit either.
     */
    private boolean storeLayer(java.util.Iterator<LayerEntry> entries, String key, ImageState image, StageRootfs rootfs,
                               Context cx) throws IOException {
        if (!entries.hasNext()) {
            cx.cache().put(key, StepCache.Layer.NONE);
            return false;
        }
        java.util.Iterator<LayerEntry> clamped = entries;
        if (cx.request().sourceDateEpoch().isPresent()) {
            Instant epoch = cx.request().sourceDateEpoch().get();
            clamped = new java.util.Iterator<>() {
                @Override
                public boolean hasNext() {
                    return entries.hasNext();
                }

                @Override
                public LayerEntry next() {
                    LayerEntry e = entries.next();
                    return e.modified().isAfter(epoch) ? e.withModified(epoch) : e;
                }
            };
        }
        cx.fresh().incrementAndGet();
        LayerWriter writer = new LayerWriter(cx.request().compression(), compressionPool, parallelism);
        LayerBlob blob;
        BlobInfo info;
        try (BlobWriter out = store.blobs().writer()) {
            blob = writer.write(clamped, out);
            info = out.commit(Digest.parse(blob.digest()), blob.size());
        }
        StepCache.Layer layer = new StepCache.Layer(Descriptor.of(blob.mediaType(), info.digest(), info.size()),
                Digest.parse(blob.diffId()));
        cx.cache().put(key, layer);
        useLayer(layer, image, rootfs);
        return true;
    }

    private void useLayer(StepCache.Layer layer, ImageState image, StageRootfs rootfs) {
        if (layer.descriptor() == null) {
            return; // a cached step that made no layer
        }
        image.addLayer(layer.descriptor(), layer.diffId());
        rootfs.add(layer.descriptor().digest());
    }

    /** The executor of this build's RUN steps, made (and what a killed build left cleaned) on first use. */
    private RunStep.Context runContext(Context cx, BuildPlan plan, Map<Integer, StageOutcome> done) throws IOException {
        synchronized (cx.run) {
            return makeRunContext(cx, plan, done);
        }
    }

    private RunStep.Context makeRunContext(Context cx, BuildPlan plan, Map<Integer, StageOutcome> done)
            throws IOException {
        if (cx.run[0] == null) {
            SnapshotStore snapshots = new SnapshotStore(store.paths().snapshots(), OverlayMount.KERNEL_MAX_LOWERS,
                    SnapshotStore.DEFAULT_FLATTEN_CHUNK, maxLayerBytes);
            RunExecutor executor = new RunExecutor(snapshots, store.paths().runState());
            executor.recover();
            snapshots.recover();
            cx.run[0] = new RunStep.Context(executor, snapshots, store.blobs(), cx.request(), plan.proxyArgs(),
                    sources(done, plan, cx), cx.work());
        }
        return cx.run[0];
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
