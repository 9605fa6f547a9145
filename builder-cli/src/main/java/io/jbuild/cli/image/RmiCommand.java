package io.jbuild.cli.image;

import io.jbuild.cli.Failure;
import io.jbuild.cli.PlainArgs;
import io.jbuild.cli.Subcommand;
import io.jbuild.core.container.Container;
import io.jbuild.core.container.ContainerException;
import io.jbuild.core.container.Containers;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.RemoveResult;
import io.jbuild.core.store.ResolvedImage;
import io.jbuild.grammar.reference.Digest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jbuild rmi}: remove images, like {@code docker rmi}. */
@Command(name = "rmi",
        mixinStandardHelpOptions = true,
        description = {
            "Remove images by name or ID.",
            "A name removes that tag; an image's blobs are deleted once no tag refers",
            "to it. An image ID that several tags refer to is only removed with -f, as",
            "in docker. Remove everything: jbuild rmi $(jbuild images -q) -f"})
public final class RmiCommand extends Subcommand {

    @Mixin
    StoreOptions store;

    @Option(names = {"-f", "--force"}, description = "Remove an image ID even if several tags refer to it.")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "NAME[:TAG][@DIGEST] or image ID.")
    List<String> images;

    public RmiCommand() {
        super("rmi", Failure.IMAGE);
    }

    /** As {@link ImagesCommand#plain}: {@code rmi IMAGE...} without picocli. */
    public static Optional<RmiCommand> plain(String... args) {
        RmiCommand c = new RmiCommand();
        PlainArgs.Grammar grammar = new PlainArgs.Grammar(List.of(List.of("-f", "--force")),
                List.of(List.of("--root")), List.of());
        return PlainArgs.parse(grammar, args).filter(a -> {
            if (a.positionals().isEmpty()) {
                return false;
            }
            try {
                c.store = StoreOptions.of(a.path("--root"));
            } catch (InvalidPathException e) {
                return false;
            }
            c.force = a.flag("-f");
            c.images = a.positionals();
            return true;
        }).map(a -> c);
    }

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws IOException {
        ImageStore s = store.open();
        int exit = 0;
        for (String image : images) {
            try {
                if (!force) {
                    refuseInUse(s, image);
                }
                RemoveResult r = s.remove(image, force);
                r.untagged().forEach(name -> out.println("Untagged: " + name));
                for (Digest d : r.deleted()) {
                    out.println("Deleted: " + d);
                }
                out.flush();
            } catch (IOException | RuntimeException e) {
                exit = fail(err, image, e);
            }
        }
        return exit;
    }

    /** docker's refusal to remove the image of an existing container (running or not) without -f. */
    private static void refuseInUse(ImageStore s, String image) throws IOException {
        ResolvedImage resolved;
        try {
            resolved = s.resolve(image);
        } catch (IOException | RuntimeException e) {
            return; // remove() reports it in its own words
        }
        String id = resolved.imageId().toString();
        boolean byId = id.startsWith("sha256:" + image) || id.equals(image);
        if (!byId && s.list().stream().filter(i -> i.id().equals(resolved.imageId())).count() > 1) {
            return; // only a tag goes: the image stays for its container
        }
        for (Container c : new Containers(s).list()) {
            if (c.record().imageId().equals(id)) {
                throw new ContainerException(byId
                        ? "conflict: unable to delete " + resolved.imageId().shortHex() + " (must be forced) - image is"
                                + " being used by " + (c.running() ? "running" : "stopped") + " container "
                                + c.record().shortId()
                        : "conflict: unable to remove repository reference \"" + image + "\" (must force) - container "
                                + c.record().shortId() + " is using its referenced image "
                                + resolved.imageId().shortHex());
            }
        }
    }
}
