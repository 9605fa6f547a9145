package io.jbuild.cli.registry;

import io.jbuild.cli.Failure;
import io.jbuild.cli.PlainArgs;
import io.jbuild.cli.Subcommand;
import io.jbuild.cli.image.StoreOptions;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.core.registry.RegistryOptions;
import io.jbuild.core.registry.TransferListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What pull and push share: the store and registry options, REF parsed before anything is opened, progress on
 * standard error unless quiet, and every failure said as {@link Failure#REGISTRY} says it, naming the reference.
 */
abstract class TransferCommand extends Subcommand {

    @Mixin
    StoreOptions store;

    @Mixin
    RegistryCliOptions registry;

    @Option(names = {"-q", "--quiet"}, description = "Print no progress, only what goes to standard output.")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "REF", description = "The image (see above).")
    String reference;

    private final boolean upload;
    private ImageReference parsed;

    /** {@code verb}: the command's name in messages; {@code upload}: progress shows pushes, not pulls. */
    TransferCommand(String verb, boolean upload) {
        super(verb, Failure.REGISTRY);
        this.upload = upload;
    }

    /** The options both commands have, for {@link PlainArgs}. */
    static final List<List<String>> FLAGS = List.of(List.of("-q", "--quiet"));
    static final List<List<String>> SINGLE = List.of(List.of("--root"), List.of("--config"));
    static final List<List<String>> REPEATABLE = List.of(List.of("--insecure-registry"));

    /**
     * Takes the options and REF from a command line read without picocli; false when that line is for picocli after
     * all (not exactly one REF, or a path that is none: picocli's usage error then).
     */
    boolean read(PlainArgs args) {
        if (args.positionals().size() != 1) {
            return false;
        }
        RegistryCliOptions r = new RegistryCliOptions();
        r.config = new DockerConfigOption();
        try {
            store = StoreOptions.of(args.path("--root"));
            r.config.dir = args.path("--config");
        } catch (InvalidPathException e) {
            return false;
        }
        r.insecureRegistries = args.list("--insecure-registry");
        registry = r;
        quiet = args.flag("-q");
        reference = args.positionals().get(0);
        return true;
    }

    /** The registry options of this transfer; a bad option is a usage error (picocli's ParameterException). */
    RegistryOptions options() {
        return registry.options();
    }

    /** Moves the image, printing its result to {@code out} and, unless quiet, its status lines to {@code err}. */
    abstract void transfer(ImageReference ref, RegistryOptions options, TransferListener listener, PrintWriter out,
            PrintWriter err) throws IOException;

    @Override
    protected final String subject() {
        return parsed == null ? reference : parsed.toString();
    }

    @Override
    protected final int run(PrintWriter out, PrintWriter err) throws IOException {
        RegistryOptions options = options();
        try {
            parsed = ImageReference.parse(reference);
        } catch (IllegalArgumentException e) {
            return fail(err, reference, e);
        }
        TransferListener listener = quiet ? TransferListener.SILENT : new ProgressPrinter(err, upload);
        transfer(parsed, options, listener, out, err);
        return 0;
    }
}
