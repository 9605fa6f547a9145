package io.jbuild.cli.image;

import io.jbuild.cli.Failure;
import io.jbuild.cli.Subcommand;
import io.jbuild.core.build.ImageBuilder;
import io.jbuild.core.container.Containers;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.PruneResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code jbuild prune}: delete what no tag needs. */
@Command(name = "prune",
        mixinStandardHelpOptions = true,
        description = {
            "Delete what no image needs.",
            "Deletes the blobs no tag reaches (left by interrupted builds and pulls, or",
            "by other tools) and temporary files of writes interrupted more than an",
            "hour ago, and the unpacked layers RUN steps used that no image needs."})
public final class PruneCommand extends Subcommand {

    /** Younger temporary files may belong to a build or pull still running in another process. */
    static final Duration TEMP_FILE_AGE = Duration.ofHours(1);

    @Mixin
    StoreOptions store;

    public PruneCommand() {
        super("prune", Failure.IMAGE);
    }

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws IOException {
        ImageStore images = store.open();
        PruneResult r = images.prune(TEMP_FILE_AGE);
        int snapshots = new ImageBuilder(images, null, 1).pruneSnapshots(
                new Containers(images).layersInUse());
        for (Digest d : r.deletedBlobs()) {
            out.println("deleted: " + d);
        }
        if (r.deletedTempFiles() > 0) {
            out.println("deleted " + r.deletedTempFiles() + " temporary file" + (r.deletedTempFiles() == 1 ? "" : "s"));
        }
        if (snapshots > 0) {
            out.println("deleted " + snapshots + " unpacked layer" + (snapshots == 1 ? "" : "s"));
        }
        out.println("Total reclaimed space: " + HumanUnits.size(r.reclaimedBytes()));
        return 0;
    }
}
