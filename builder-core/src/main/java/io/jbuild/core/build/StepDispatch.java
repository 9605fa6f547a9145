package io.jbuild.core.build;

import io.jbuild.core.layer.LayerEntry;
import io.jbuild.core.plan.PlannedStep;
import io.jbuild.core.snapshot.UpperSnapshot;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.ast.RunMount;
import java.io.IOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The step that applies one instruction to a stage: a layer-making one (COPY/ADD, WORKDIR, RUN) is taken from the
 * cache by its key or made and stored; any other changes the image config. Returns the key after it.
 */
final class StepDispatch {

    private final BuildSession cx;
    /** Whether the result's image holds this stage's layers. */
    private final boolean inImage;

    StepDispatch(BuildSession cx, boolean inImage) {
        this.cx = cx;
        this.inImage = inImage;
    }

    /**
     * A hit's layer goes onto the stage; one the image will hold is fetched from a {@code --cache-from} cache now,
     * in the background, rather than when the steps are over.
     */
    private void useCached(StepCache.Layer layer, ImageState image, StageRootfs rootfs) {
        cx.layers().use(layer, image, rootfs);
        if (inImage) {
            cx.layers().fetchEarly(layer);
        }
    }

    /** Applies one instruction; returns the cache key after it. */
    StepKey apply(Instruction in, PlannedStep step, ImageState image, StageRootfs rootfs, StepKey key, String label,
                  int number) throws IOException, Steps.StepException {
        Instant now = cx.now();
        if (in instanceof Instruction.FileCopy copyIn) {
            // The key from what decides the layer (the base, the instruction, the sources' content), so that a
            // cache hit needs neither the base's file system nor a walk of the sources.
            // A --link layer does not depend on the layers below it: its key starts from what decides its content
            // alone (the working directory a relative destination uses, and the owners --chown names resolve to),
            // so it is reused when the base changes, as BuildKit reuses a linked copy.
            boolean link = copyIn.linked();
            StepKey base = link ? CopyStep.linkBase(copyIn, image, key) : key;
            Optional<StepKey> quickKey = CopyStep.key(copyIn, base, cx.request(), cx.contextCache(),
                    name -> cx.stages().stage(name).map(StageOutcome::key));
            Optional<StepCache.Layer> cached = quickKey.isEmpty() ? Optional.empty()
                    : cx.layers().cached(quickKey.get());
            StepKey layerKey;
            if (cached.isPresent()) {
                cx.listener().stepCached(label, number);
                useCached(cached.get(), image, rootfs);
                layerKey = quickKey.get();
            } else {
                try (CopyPlan copy = CopyStep.plan(copyIn, image, rootfs, cx.stages().sources(), cx.request(),
                        now, cx.contextCache())) {
                    layerKey = quickKey.orElse(base.copiedContent(copy.contentDigest()));
                    // A --link copy made every parent itself, on its empty tree; others take the stage's.
                    Iterator<LayerEntry> entries = copy.entries().iterator();
                    cx.layers().store(link ? entries : new ParentDirs(entries, rootfs.lookingRoot().root()),
                            layerKey, image, rootfs);
                }
            }
            image.addHistory(now, CopyStep.history(copyIn), false);
            return link ? key.link(layerKey) : layerKey;
        }
        if (in instanceof Instruction.Workdir w) {
            String dir = Steps.workdir(image.workingDir, w.path());
            image.workingDir = dir;
            StepKey mkdirKey = key.workdir(dir, image.user);
            boolean made = cx.layers().shared().once(mkdirKey, () -> {
                Optional<StepCache.Layer> cached = cx.layers().cached(mkdirKey);
                if (cached.isPresent()) {
                    cx.listener().stepCached(label, number);
                    useCached(cached.get(), image, rootfs);
                    return cached.get().descriptor() != null;
                }
                return cx.layers().store(new ParentDirs(Steps.mkdirs(dir, image, rootfs, now).iterator(),
                        rootfs.lookingRoot().root()), mkdirKey, image, rootfs);
            });
            image.addHistory(now, "WORKDIR " + dir, !made);
            return made ? mkdirKey : key;
        }
        if (in instanceof Instruction.Run r) {
            RunStep.network(r, cx.request()); // an ungranted host network fails, cached or not, as in BuildKit
            List<String> args = RunStep.args(r, image);
            StepKey runKey = key.run(new StepKey.RunInputs(args, RunStep.scriptKey(r), r.mounts(), bindSources(r),
                    r.network().orElse(cx.request().network()), image.user, image.workingDir,
                    RunStep.hostname(cx.request())));
            // looked up and run under the key's lock: another platform's same step waits and takes it from the cache
            return cx.layers().shared().once(runKey, () -> {
                Optional<StepCache.Layer> cached = cx.layers().cached(runKey);
                if (cached.isPresent()) {
                    cx.listener().stepCached(label, number);
                    useCached(cached.get(), image, rootfs);
                    image.addHistory(now, RunStep.history(args, step), cached.get().descriptor() == null);
                    return runKey;
                }
                boolean made;
                try (RunStep.Outcome o = RunStep.run(r, step, image, rootfs, cx.runs().context(),
                        (stream, line) -> cx.listener().output(label, number, line))) {
                    UpperSnapshot upper = o.result().snapshot();
                    if (cx.layers().defers()) {
                        // The tar and its diff ID now, the gzip in the background: the next step needs only the
                        // snapshot, which the upper directory becomes.
                        Optional<LayerCommit.Spooled> spooled = cx.layers().spool(o.entries(), runKey,
                                upper::written);
                        made = spooled.isPresent();
                        if (made && keep(upper, spooled.get().diffId().toString())) {
                            cx.layers().defer(spooled.get(), runKey, image, rootfs, label, number);
                        } else if (made) {
                            cx.layers().storeSpooled(spooled.get(), runKey, image, rootfs);
                        }
                    } else {
                        Optional<StepCache.Layer> layer = cx.layers().store(o.entries(), runKey, image, rootfs,
                                upper::written);
                        made = layer.isPresent();
                        if (made) {
                            keep(upper, layer.get().diffId().toString());
                        }
                    }
                }
                image.addHistory(now, RunStep.history(args, step), !made);
                return runKey;
            });
        }
        Optional<String> history = ConfigStep.apply(in, step, image);
        if (history.isPresent()) {
            image.addHistory(now, history.get(), true);
        }
        return key;
    }

    /**
     * Keeps a RUN's upper directory as its layer's snapshot, so the next step mounts it instead of unpacking the
     * layer just written; when it cannot be kept (false), the layer is unpacked then, as it is on a cache hit.
     */
    private boolean keep(UpperSnapshot upper, String diffId) {
        try {
            return upper.into(cx.views().snapshots(), diffId);
        } catch (IOException | RuntimeException e) {
            return false; // only a shortcut: the step's directory, whatever is left of it, goes when the outcome closes
        }
    }

    /**
     * What the bind mounts of a RUN show, for its cache key, as BuildKit keys a run by its mounts' content: the
     * content hash of a context path, the key of a stage, the manifest digest of an image.
     */
    private String bindSources(Instruction.Run r) throws IOException {
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
                        cx.request().dockerfile(), List.of(source), cx.contextCache()));
            } else {
                Optional<StepKey> stage = cx.stages().stage(m.from()).map(StageOutcome::key);
                k.append("bind from ").append(stage.isPresent() ? "stage " + stage.get().hex()
                        : "image " + imageDigest(m.from()));
            }
            k.append(' ').append(source).append('\n');
        }
        return k.toString();
    }

    /** The manifest digest {@code ref} resolves to, or a marker when it does not (the step then fails). */
    private String imageDigest(String ref) throws IOException {
        try {
            return cx.bases().resolve(ref).manifestDescriptor().digest().toString();
        } catch (BaseImages.Missing | IllegalArgumentException e) {
            return "unresolved " + ref;
        }
    }
}
