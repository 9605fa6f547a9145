package io.jbuild.cli.image;

import io.jbuild.cli.container.ContainerJson;
import io.jbuild.grammar.reference.InvalidReferenceException;
import io.jbuild.core.image.OciJson;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.NoSuchImageException;
import io.jbuild.core.store.ResolvedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jbuild inspect IMAGE}: print an image's config. */
@Command(name = "inspect",
        mixinStandardHelpOptions = true,
        description = {
            "Print the config of an image.",
            "The OCI image config JSON (platform, Env, Cmd, Entrypoint, Labels, rootfs,",
            "history, ...), every field as stored, indented."})
public final class InspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "NAME[:TAG][@DIGEST] or image ID.")
    String image;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            ImageStore s = store.open();
            ResolvedImage resolved;
            try {
                resolved = s.resolve(image);
            } catch (NoSuchImageException | InvalidReferenceException e) {
                // docker inspect takes container names and IDs too
                Optional<String> container = ContainerJson.inspect(s, image);
                if (container.isEmpty()) {
                    throw e;
                }
                out.println(container.get());
                out.flush();
                return 0;
            }
            out.println(OciJson.pretty(s.readConfigBytes(resolved.imageId())));
            out.flush();
            return 0;
        } catch (IOException | RuntimeException e) {
            return Failures.report(spec.commandLine().getErr(), "inspect", image, e);
        }
    }
}
