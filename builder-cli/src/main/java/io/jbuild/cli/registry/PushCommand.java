package io.jbuild.cli.registry;

import io.jbuild.cli.PlainArgs;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.core.registry.ImagePusher;
import io.jbuild.core.registry.PushResult;
import io.jbuild.core.registry.RegistryOptions;
import io.jbuild.core.registry.TransferListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Command;

/** {@code jbuild push REF}: upload an image of the local store to a registry. */
@Command(name = "push",
        mixinStandardHelpOptions = true,
        description = {
            "Upload an image of the local store to a registry.",
            "REF is the image's name in the store, which says where it goes:",
            "  jbuild tag app:1 localhost:5000/app:1",
            "  jbuild push localhost:5000/app:1",
            "Blobs the registry has are skipped, blobs its other repositories",
            "have are mounted, the rest are uploaded; the tag is written last.",
            "Credentials come from docker's config.json (see jbuild login).",
            "Progress goes to standard error; the line",
            "  TAG: digest: DIGEST size: SIZE",
            "to standard output."})
public final class PushCommand extends TransferCommand {

    public PushCommand() {
        super("push", true);
    }

    /**
     * The command for {@code args} ({@code push} first) when they are only its options and REF in their plain forms
     * ({@link PlainArgs}): it then runs without picocli, whose reading of these annotations was a quarter of the CPU
     * of a re-push. Anything else is picocli's: empty.
     */
    public static Optional<PushCommand> plain(String... args) {
        PushCommand c = new PushCommand();
        return PlainArgs.parse(new PlainArgs.Grammar(FLAGS, SINGLE, REPEATABLE), args).filter(c::read).map(a -> c);
    }

    @Override
    void transfer(ImageReference ref, RegistryOptions options, TransferListener listener, PrintWriter out,
            PrintWriter err) throws IOException {
        if (!quiet) {
            err.println("The push refers to repository [" + ref.repositoryOnly() + "]");
            err.flush();
        }
        PushResult result = new ImagePusher(store.open(), options).push(ref, listener);
        out.println(ref.tag() + ": digest: " + result.digest() + " size: " + result.size());
    }
}
