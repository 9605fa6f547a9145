package io.jbuild.cli.image;

import io.jbuild.cli.Failure;
import io.jbuild.cli.Subcommand;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.grammar.reference.InvalidReferenceException;
import io.jbuild.core.store.ImageSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jbuild images}: list the images in the store, like {@code docker images}. */
@Command(name = "images",
        mixinStandardHelpOptions = true,
        description = {
            "List the images in the local store.",
            "Columns: REPOSITORY, TAG, IMAGE ID, CREATED, SIZE (config plus layers as",
            "stored). -q prints only the image IDs, each once, as used in",
            "  jbuild rmi $(jbuild images -q) -f"})
public final class ImagesCommand extends Subcommand {

    @Mixin
    StoreOptions store;

    @Option(names = {"-q", "--quiet"}, description = "Print only image IDs, each once.")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Print full image IDs (sha256:...).")
    boolean noTrunc;

    @Parameters(arity = "0..1", paramLabel = "REPOSITORY[:TAG]", description = "Only images of this repository (and tag).")
    String filter;

    public ImagesCommand() {
        super("images", Failure.IMAGE);
    }

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws IOException {
        ImageReference wanted = null;
        if (filter != null) {
            try {
                wanted = ImageReference.parseExact(filter);
            } catch (InvalidReferenceException e) {
                return fail(err, filter, e);
            }
        }
        List<ImageSummary> images = store.open().list();
        if (wanted != null) {
            ImageReference w = wanted;
            images = images.stream().filter(i -> i.reference() != null && i.reference().name().equals(w.name())
                    && (w.tag() == null || w.tag().equals(i.reference().tag()))).toList();
        }
        if (quiet) {
            Set<String> ids = new LinkedHashSet<>();
            for (ImageSummary i : images) {
                ids.add(id(i));
            }
            ids.forEach(out::println);
            return 0;
        }
        Table table = new Table("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
        Instant now = Instant.now();
        for (ImageSummary i : images) {
            String created = i.created() == null ? "N/A"
                    : HumanUnits.duration(Duration.between(i.created(), now).isNegative() ? Duration.ZERO
                    : Duration.between(i.created(), now)) + " ago";
            table.add(i.repository(), i.tag(), id(i), created, HumanUnits.size(i.size()));
        }
        table.print(out);
        return 0;
    }

    private String id(ImageSummary i) {
        return noTrunc ? i.id().toString() : i.id().shortHex();
    }
}
