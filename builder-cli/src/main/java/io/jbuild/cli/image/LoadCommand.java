package io.jbuild.cli.image;

import io.jbuild.cli.Failure;
import io.jbuild.cli.Subcommand;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.core.store.ArchiveLoader;
import io.jbuild.core.store.LoadResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jbuild load}: read images from a tar archive. */
@Command(name = "load",
        mixinStandardHelpOptions = true,
        description = {
            "Load images from a tar archive.",
            "Reads what jbuild save and docker save write, and OCI layouts such as",
            "skopeo's oci-archive, plain or gzip-compressed, from FILE or standard input."})
public final class LoadCommand extends Subcommand {

    @Mixin
    StoreOptions store;

    @Option(names = {"-i", "--input"}, paramLabel = "FILE", description = "Read FILE instead of standard input.")
    Path input;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing on success.")
    boolean quiet;

    public LoadCommand() {
        super("load", Failure.IMAGE);
    }

    @Override
    protected String subject() {
        return input == null ? "<stdin>" : input.toString();
    }

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws IOException {
        try (InputStream in = input == null ? System.in : Files.newInputStream(input)) {
            LoadResult result = new ArchiveLoader(store.open()).load(in);
            if (!quiet) {
                for (ImageReference r : result.tagged()) {
                    out.println("Loaded image: " + r.familiarName());
                }
                for (Digest id : result.untagged()) {
                    out.println("Loaded image ID: " + id);
                }
            }
            return 0;
        } catch (NoSuchFileException e) {
            return fail(err, null, new IOException(subject() + ": no such file", e));
        }
    }
}
