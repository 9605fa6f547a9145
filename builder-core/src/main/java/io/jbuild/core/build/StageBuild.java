package io.jbuild.core.build;

import io.jbuild.core.image.Platform;
import io.jbuild.core.plan.PlannedStage;
import io.jbuild.core.plan.PlannedStep;
import io.jbuild.core.plan.StageBase;
import io.jbuild.core.store.ResolvedImage;
import io.jbuild.grammar.ast.Instruction;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The step that builds one stage: its start (scratch, an earlier stage or an image), then each instruction in
 * order through {@link StepDispatch}, reporting each step and turning a failure into an error at the
 * instruction's (or, for an ONBUILD trigger, the FROM's) position.
 */
final class StageBuild {

    private final BuildSession cx;

    StageBuild(BuildSession cx) {
        this.cx = cx;
    }

    StageOutcome build(PlannedStage stage) throws IOException, BuildException {
        String label = label(stage);
        int total = stage.steps().size() + 1;
        Instant started = Instant.now();
        cx.listener().stepStarted(label, 1, total, StepText.from(stage.base(), stage.from().meta().text()));
        ImageState image;
        StageRootfs rootfs;
        StepKey key;
        Platform platform = platform(stage, cx.platform());
        if (stage.base() instanceof StageBase.Scratch) {
            image = ImageState.empty(platform);
            rootfs = new StageRootfs(cx.views(), List.of());
            key = StepKey.scratch(platform);
        } else if (stage.base() instanceof StageBase.Stage s) {
            StageOutcome parent = cx.stages().get(s.index());
            image = parent.image().child();
            rootfs = new StageRootfs(cx.views(), parent.rootfs().layers());
            key = parent.key();
        } else {
            String ref = ((StageBase.Image) stage.base()).reference();
            ResolvedImage base;
            try {
                base = cx.bases().resolve(ref, platform);
            } catch (BaseImages.Missing | IllegalArgumentException e) {
                throw BuildException.at(stage.from().meta().range(), "FROM " + ref + ": " + e.getMessage());
            }
            image = ImageState.of(base.config(), base.manifest().layers());
            rootfs = new StageRootfs(cx.views(), StageRootfs.layersOf(base));
            key = StepKey.image(base.configDigest());
            image.onBuild.clear(); // the triggers run now (they are the plan's first steps); the new image keeps none
        }
        cx.listener().stepDone(label, 1, Duration.between(started, Instant.now()));
        try {
            key = steps(stage, image, rootfs, key);
            cx.layers().settle(image); // its layers' blobs, still being compressed: the image is read after this
        } catch (IOException | BuildException | RuntimeException | Error e) {
            try {
                // The steps that worked stay cached, as they do in BuildKit: their layers' blobs are finished
                // first (unless the build is being stopped, which interrupts this).
                cx.layers().settle(image);
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            } finally {
                rootfs.close(); // a failed stage's tree goes now: no one will copy from it
            }
            throw e;
        }
        return new StageOutcome(image, rootfs, key);
    }

    /**
     * The platform a stage builds for: its {@code FROM --platform} (e.g. {@code $BUILDPLATFORM}: this machine's,
     * for a builder stage that runs natively), else the build's.
     *
     * @throws BuildException at the FROM when the platform is not valid
     */
    static Platform platform(PlannedStage stage, Platform build) throws BuildException {
        if (stage.platform().isEmpty() || stage.platform().get().isEmpty()) {
            return build;
        }
        try {
            return Platform.parse(stage.platform().get());
        } catch (IllegalArgumentException e) {
            throw BuildException.at(stage.from().meta().range(), "FROM --platform: " + e.getMessage());
        }
    }

    private static String label(PlannedStage stage) {
        return stage.name().orElse(String.valueOf(stage.index()));
    }

    /** The steps after FROM; returns the cache key after the last one. */
    private StepKey steps(PlannedStage stage, ImageState image, StageRootfs rootfs, StepKey key)
            throws IOException, BuildException {
        String label = label(stage);
        int total = stage.steps().size() + 1;
        int number = 1;
        StepDispatch dispatch = new StepDispatch(cx, cx.stages().inImage(stage.index()));
        for (PlannedStep step : stage.steps()) {
            number++;
            Instant t0 = Instant.now();
            Instruction in = step.instruction();
            cx.listener().stepStarted(label, number, total, in.meta().text());
            key = key.instruction(KeyText.of(in), step.env());
            try {
                key = dispatch.apply(in, step, image, rootfs, key, label, number);
            } catch (IOException | RuntimeException e) {
                if (!Thread.currentThread().isInterrupted() && !(e instanceof InterruptedIOException)) {
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
}
