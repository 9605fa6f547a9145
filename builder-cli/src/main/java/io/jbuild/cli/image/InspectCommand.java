package io.jbuild.cli.image;

import io.jbuild.cli.Failure;
import io.jbuild.cli.Subcommand;
import io.jbuild.cli.container.ContainerJson;
import io.jbuild.grammar.reference.InvalidReferenceException;
import io.jbuild.core.image.OciJson;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.NoSuchImageException;
import io.jbuild.core.store.ResolvedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jbuild inspect IMAGE}: print an image's config. */
@Command(name = "inspect",
        mixinStandardHelpOptions = true,
        description = {
            "Print the config of an image.",
            "The OCI image config JSON (platform, Env, Cmd, Entrypoint, Labels, rootfs,",
            "history, ...), every field as stored, indented."})
public final class InspectCommand extends Subcommand {

    @Mixin
    StoreOptions store;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "NAME[:TAG][@DIGEST] or image ID.")
    String image;

    public InspectCommand() {
        super("inspect", Failure.IMAGE);
    }

    @Override
    protected String subject() {
        return image;
    }

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws IOException {
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
            return 0;
        }
        out.println(OciJson.pretty(s.readConfigBytes(resolved.imageId())));
        return 0;
    }
}
