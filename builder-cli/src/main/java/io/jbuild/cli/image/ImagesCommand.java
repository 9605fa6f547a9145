package io.jbuild.cli.image;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jbuild.cli.Failure;
import io.jbuild.cli.PlainArgs;
import io.jbuild.cli.Subcommand;
import io.jbuild.cli.template.FormatOutput;
import io.jbuild.cli.template.TemplateException;
import io.jbuild.core.store.ImageSummary;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.grammar.reference.InvalidReferenceException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    @Option(names = "--format", paramLabel = "TEMPLATE", description = "A Go template for each image, as docker's: "
            + ".ID .Repository .Tag .Digest .CreatedSince .CreatedAt .Size; 'table TEMPLATE' adds a header and aligns "
            + "tab-separated columns.")
    String format;

    @Parameters(arity = "0..1", paramLabel = "REPOSITORY[:TAG]", description = "Only images of this repository (and tag).")
    String filter;

    public ImagesCommand() {
        super("images", Failure.IMAGE);
    }

    /**
     * The command for {@code args} ({@code images} first) in their plain forms ({@link PlainArgs}): it then runs
     * without picocli, whose model of these annotations was most of the command's CPU. Anything else is picocli's.
     */
    public static Optional<ImagesCommand> plain(String... args) {
        ImagesCommand c = new ImagesCommand();
        PlainArgs.Grammar grammar = new PlainArgs.Grammar(List.of(List.of("-q", "--quiet"), List.of("--no-trunc")),
                List.of(List.of("--format"), List.of("--root")), List.of());
        return PlainArgs.parse(grammar, args).filter(a -> {
            if (a.positionals().size() > 1) {
                return false;
            }
            try {
                c.store = StoreOptions.of(a.path("--root"));
            } catch (InvalidPathException e) {
                return false;
            }
            c.quiet = a.flag("-q");
            c.noTrunc = a.flag("--no-trunc");
            c.format = a.value("--format");
            c.filter = a.positionals().isEmpty() ? null : a.positionals().get(0);
            return true;
        }).map(a -> c);
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
        Instant now = Instant.now();
        if (format != null) {
            return formatted(images, now, out, err);
        }
        Table table = new Table("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
        for (ImageSummary i : images) {
            table.add(i.repository(), i.tag(), id(i), since(i, now), HumanUnits.size(i.size()));
        }
        table.print(out);
        return 0;
    }

    private static String since(ImageSummary i, Instant now) {
        return i.created() == null ? "N/A" : HumanUnits.duration(Duration.between(i.created(), now).isNegative()
                ? Duration.ZERO : Duration.between(i.created(), now)) + " ago";
    }

    /** --format: each image's docker fields through the template. */
    private int formatted(List<ImageSummary> images, Instant now, PrintWriter out, PrintWriter err) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ID", "IMAGE ID");
        headers.put("Repository", "REPOSITORY");
        headers.put("Tag", "TAG");
        headers.put("Digest", "DIGEST");
        headers.put("CreatedSince", "CREATED");
        headers.put("CreatedAt", "CREATED AT");
        headers.put("Size", "SIZE");
        try {
            FormatOutput output = FormatOutput.parse(format,
                    "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}", headers);
            List<ObjectNode> rows = new ArrayList<>();
            for (ImageSummary i : images) {
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                o.put("ID", id(i));
                o.put("Repository", i.repository());
                o.put("Tag", i.tag());
                o.put("Digest", i.target() == null ? "<none>" : i.target().toString());
                o.put("CreatedSince", since(i, now));
                o.put("CreatedAt", i.created() == null ? "" : HumanUnits.goTime(i.created()));
                o.put("Size", HumanUnits.size(i.size()));
                rows.add(o);
            }
            output.print(rows, out);
            return 0;
        } catch (TemplateException e) {
            err.println("template parsing error: " + e.getMessage());
            return 1;
        }
    }

    private String id(ImageSummary i) {
        return noTrunc ? i.id().toString() : i.id().shortHex();
    }
}
