package io.jbuild.cli.image;

import io.jbuild.cli.Failure;
import io.jbuild.cli.PlainArgs;
import io.jbuild.cli.Subcommand;
import io.jbuild.grammar.reference.ImageReference;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jbuild tag SOURCE TARGET}: give an image another name. */
@Command(name = "tag",
        mixinStandardHelpOptions = true,
        description = {
            "Give an image another name.",
            "SOURCE is a name or an image ID, e.g.",
            "  jbuild tag nginx:latest erectbranch/nginx:1",
            "A TARGET without a tag gets :latest; the registry defaults to docker.io."})
public final class TagCommand extends Subcommand {

    @Mixin
    StoreOptions store;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "The image: NAME[:TAG][@DIGEST] or image ID.")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET", description = "The new name: [REGISTRY/]NAME[:TAG].")
    String target;

    public TagCommand() {
        super("tag", Failure.IMAGE);
    }

    /** As {@link ImagesCommand#plain}: {@code tag SOURCE TARGET} without picocli. */
    public static Optional<TagCommand> plain(String... args) {
        TagCommand c = new TagCommand();
        return PlainArgs.parse(new PlainArgs.Grammar(List.of(), List.of(List.of("--root")), List.of()), args)
                .filter(a -> {
                    if (a.positionals().size() != 2) {
                        return false;
                    }
                    try {
                        c.store = StoreOptions.of(a.path("--root"));
                    } catch (InvalidPathException e) {
                        return false;
                    }
                    c.source = a.positionals().get(0);
                    c.target = a.positionals().get(1);
                    return true;
                }).map(a -> c);
    }

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws IOException {
        ImageReference to;
        try {
            to = ImageReference.parse(target);
            if (to.hasDigest()) {
                throw new IllegalArgumentException("refusing to create a tag with a digest reference: " + target);
            }
        } catch (IllegalArgumentException e) {
            return fail(err, target, e);
        }
        store.open().tag(source, to);
        return 0;
    }
}
