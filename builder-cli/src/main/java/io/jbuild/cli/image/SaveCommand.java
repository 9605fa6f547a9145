package io.jbuild.cli.image;

import io.jbuild.cli.Failure;
import io.jbuild.cli.Subcommand;
import java.io.PrintWriter;
import io.jbuild.core.store.ArchiveFormat;
import io.jbuild.core.store.ArchiveWriter;
import io.jbuild.core.store.ImageStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jbuild save}: write images to a tar archive. */
@Command(name = "save",
        mixinStandardHelpOptions = true,
        description = {
            "Write images to a tar archive.",
            "To FILE, or to standard output. Formats: docker (default), loadable by",
            "'docker load' and 'jbuild load' and at the same time an OCI layout; oci, an",
            "OCI image layout (skopeo's oci-archive:FILE:NAME). A multi-platform image",
            "built here is saved whole (its index and every platform's image); one",
            "pulled, for the platform it was pulled for."})
public final class SaveCommand extends Subcommand {

    /** Archive formats. */
    public enum Format { docker, oci }

    @Mixin
    StoreOptions store;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "docker",
            description = "Archive format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "NAME[:TAG][@DIGEST] or image ID.")
    List<String> images;

    public SaveCommand() {
        super("save", Failure.IMAGE);
    }

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws IOException {
        ArchiveFormat archiveFormat = format == Format.oci ? ArchiveFormat.OCI : ArchiveFormat.DOCKER;
        ImageStore s = store.open();
        if (output == null) {
            if (System.console() != null) {
                return fail(err, null, new IllegalArgumentException(
                        "refusing to write an archive to a terminal: use -o FILE or redirect the output"));
            }
            new ArchiveWriter(s).write(images, archiveFormat, System.out);
            System.out.flush();
            return 0;
        }
        writeAtomically(s, archiveFormat);
        return 0;
    }

    /** Writes beside FILE, then renames: FILE is either the old file or the complete archive. */
    private void writeAtomically(ImageStore s, ArchiveFormat archiveFormat) throws IOException {
        Path target = output.toAbsolutePath();
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW)) {
                new ArchiveWriter(s).write(images, archiveFormat, out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
