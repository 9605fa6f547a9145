package io.jbuild.core.pipeline;

import io.jbuild.core.build.BuildException;
import io.jbuild.core.build.BuildListener;
import io.jbuild.core.build.BuildRequest;
import io.jbuild.core.build.BuildResult;
import io.jbuild.core.build.ImageBuilder;
import io.jbuild.core.export.Exporter;
import io.jbuild.core.export.Output;
import io.jbuild.core.image.Descriptor;
import io.jbuild.core.layer.CompressionPool;
import io.jbuild.core.store.ImageStore;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.grammar.reference.ImageReference;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The one order every front end builds in: build into the store (on a compression pool of this machine's size),
 * then write each output, then push the tags (an image only pushed has no other output, nor a tag in the store). Exports come before the push, so a registry that fails leaves the
 * local results written; the front ends differ only in how they report, and in how they log in to push.
 */
public final class BuildPipeline {

    /**
     * Pushes the built image {@code image} (a manifest or index of the store) under each of {@code tags} (a front
     * end's own registry login and progress); {@code lenders} are blobs a {@code --cache-from} registry cache holds
     * ({@link BuildResult#lenders()}), to mount rather than upload. Unless the request is
     * {@link BuildRequest#pushOnly()}, the store has the tags too.
     */
    @FunctionalInterface
    public interface Push<E extends Exception> {
        void push(List<String> tags, Descriptor image, Map<Digest, ImageReference> lenders) throws IOException, E;
    }

    /** Told of each stage of the sequence as it ends (a front end's report). */
    public interface Report {
        /** The image is built, stored and tagged; nothing is exported or pushed yet. */
        default void built(BuildResult result) {
        }

        /** One output is written. */
        default void exported(Output output) {
        }
    }

    /** A report of nothing. */
    public static final Report SILENT = new Report() { };

    private final ImageStore store;

    public BuildPipeline(ImageStore store) {
        this.store = store;
    }

    /** Builds, exports and does not push. */
    public BuildResult run(BuildRequest request, BuildListener listener, List<Output> outputs, Report report)
            throws BuildException, IOException {
        return run(request, listener, outputs, report, null);
    }

    /**
     * @param push null for no push; else the request must name at least one tag
     * @throws IllegalArgumentException when there is a push but no tag to push to (nothing is built)
     */
    public <E extends Exception> BuildResult run(BuildRequest request, BuildListener listener, List<Output> outputs,
                                                 Report report, Push<E> push)
            throws BuildException, IOException, E {
        if (push != null && request.tags().isEmpty()) {
            throw new IllegalArgumentException("a push needs at least one tag to push to");
        }
        if (request.pushOnly() && (push == null || !outputs.isEmpty())) {
            throw new IllegalArgumentException(push == null ? "an image only pushed needs a push"
                    : "an image only pushed (type=registry) is not in the store: it cannot be written to other outputs");
        }
        BuildResult result;
        try (CompressionPool pool = CompressionPool.forThisMachine()) {
            result = new ImageBuilder(store, pool.executor(), pool.threads()).build(request, listener);
        }
        report.built(result);
        // Outputs name the image by its first tag (as it is pushed), else by its ID.
        String image = result.tags().isEmpty() ? result.imageId().toString() : result.tags().get(0);
        Exporter exporter = new Exporter(store);
        for (Output o : outputs) {
            exporter.export(o, image);
            report.exported(o);
        }
        if (push != null) {
            push.push(result.tags(), result.manifest(), result.lenders());
        }
        return result;
    }
}
