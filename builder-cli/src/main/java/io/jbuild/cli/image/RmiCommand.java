package io.jbuild.cli.image;

import io.jbuild.core.image.Digest;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.RemoveResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jbuild rmi}: remove images, like {@code docker rmi}. */
@Command(name = "rmi",
        mixinStandardHelpOptions = true,
        description = {
            "Remove images by name or ID.",
            "A name removes that tag; an image's blobs are deleted once no tag refers",
            "to it. An image ID that several tags refer to is only removed with -f, as",
            "in docker. Remove everything: jbuild rmi $(jbuild images -q) -f"})
public final class RmiCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = {"-f", "--force"}, description = "Remove an image ID even if several tags refer to it.")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "NAME[:TAG][@DIGEST] or image ID.")
    List<String> images;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ImageStore s;
        try {
            s = store.open();
        } catch (IOException | RuntimeException e) {
            return Failures.report(err, "rmi", null, e);
        }
        int exit = 0;
        for (String image : images) {
            try {
                RemoveResult r = s.remove(image, force);
                r.untagged().forEach(name -> out.println("Untagged: " + name));
                for (Digest d : r.deleted()) {
                    out.println("Deleted: " + d);
                }
                out.flush();
            } catch (IOException | RuntimeException e) {
                exit = Failures.report(err, "rmi", image, e);
            }
        }
        return exit;
    }
}
