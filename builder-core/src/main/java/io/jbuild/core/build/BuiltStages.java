package io.jbuild.core.build;

import io.jbuild.core.plan.BuildPlan;
import io.jbuild.core.plan.PlannedStage;
import io.jbuild.core.store.ResolvedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code --from} and {@code from=} can name during one build: the stages built so far (by name,
 * case-insensitive, or index) and the file systems of images named by reference, each made once per build.
 * Closing it removes every tree it made.
 */
final class BuiltStages implements AutoCloseable {

    private final BuildPlan plan;
    private final Set<Integer> imageStages;
    private final BaseImages bases;
    private final StageRootfs.Sources views;
    private final Map<Integer, StageOutcome> done = new ConcurrentHashMap<>();
    private final Map<String, StageRootfs> images = new ConcurrentHashMap<>();

    BuiltStages(BuildPlan plan, BaseImages bases, StageRootfs.Sources views) {
        this.plan = plan;
        this.imageStages = plan.imageStages();
        this.bases = bases;
        this.views = views;
    }

    /** Whether the result's image holds stage {@code index}'s layers (it is the target or under it). */
    boolean inImage(int index) {
        return imageStages.contains(index);
    }

    void put(int index, StageOutcome outcome) {
        done.put(index, outcome);
    }

    /** A built stage by index; null when it is not built (yet). */
    StageOutcome get(int index) {
        return done.get(index);
    }

    /** The indexes of the stages built so far, a live view for {@link StageScheduler}. */
    Set<Integer> indexes() {
        return done.keySet();
    }

    /** A built stage named by {@code --from} or {@code from=}: by name (case-insensitive) or index. */
    Optional<StageOutcome> stage(String nameOrIndex) {
        for (PlannedStage s : plan.stages()) {
            if (s.name().map(n -> n.equalsIgnoreCase(nameOrIndex)).orElse(false)
                    || String.valueOf(s.index()).equals(nameOrIndex)) {
                return Optional.ofNullable(done.get(s.index()));
            }
        }
        return Optional.empty();
    }

    /** {@code --from} sources: a stage by name or index, else an image by reference (from the store, or pulled). */
    Steps.Stages sources() {
        return name -> stage(name).map(StageOutcome::rootfs).or(() -> image(name));
    }

    /** An image's file system for {@code COPY --from=IMAGE}, made once per build; empty when there is no such image. */
    private Optional<StageRootfs> image(String ref) {
        synchronized (images) {
            StageRootfs made = images.get(ref);
            if (made != null) {
                return Optional.of(made);
            }
            ResolvedImage image;
            try {
                image = bases.resolve(ref);
            } catch (BaseImages.Missing | IllegalArgumentException e) {
                return Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            StageRootfs rootfs = new StageRootfs(views, StageRootfs.layersOf(image));
            images.put(ref, rootfs);
            return Optional.of(rootfs);
        }
    }

    @Override
    public void close() throws IOException {
        for (StageOutcome o : done.values()) {
            o.rootfs().close();
        }
        for (StageRootfs image : images.values()) {
            image.close();
        }
    }
}
