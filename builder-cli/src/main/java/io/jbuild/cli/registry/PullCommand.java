package io.jbuild.cli.registry;

import io.jbuild.cli.PlainArgs;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.core.image.Platform;
import io.jbuild.core.image.PlatformMatcher;
import io.jbuild.core.registry.ImagePuller;
import io.jbuild.core.registry.PullResult;
import io.jbuild.core.registry.RegistryOptions;
import io.jbuild.core.registry.TransferListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code jbuild pull REF}: download an image from a registry into the local store. */
@Command(name = "pull",
        mixinStandardHelpOptions = true,
        description = {
            "Download an image from a registry into the local store.",
            "REF is [REGISTRY/]NAME[:TAG][@DIGEST]; docker.io and :latest are",
            "the defaults: jbuild pull busybox pulls",
            "docker.io/library/busybox:latest.",
            "Of a multi-platform image, the manifest for --platform (default:",
            "this machine's) is taken. Blobs the store has are not downloaded",
            "again; the tag is written once every blob is stored.",
            "Credentials come from docker's config.json (see jbuild login).",
            "Progress goes to standard error; the reference pulled to",
            "standard output."})
public final class PullCommand extends TransferCommand {

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
            description = "The platform to take from a multi-platform image (default: this machine's).")
    String platform;

    public PullCommand() {
        super("pull", false);
    }

    /**
     * As {@link PushCommand#plain}, with {@code --platform}; a platform that does not parse is picocli's to report.
     */
    public static Optional<PullCommand> plain(String... args) {
        List<List<String>> single = new ArrayList<>(SINGLE);
        single.add(List.of("--platform"));
        PullCommand c = new PullCommand();
        return PlainArgs.parse(new PlainArgs.Grammar(FLAGS, single, REPEATABLE), args).filter(a -> {
            try {
                if (a.value("--platform") != null) {
                    Platform.parse(a.value("--platform"));
                }
            } catch (IllegalArgumentException e) {
                return false;
            }
            c.platform = a.value("--platform");
            return c.read(a);
        }).map(a -> c);
    }

    @Override
    RegistryOptions options() {
        RegistryOptions options = super.options();
        if (platform == null) {
            return options;
        }
        try {
            return options.withPlatform(PlatformMatcher.of(Platform.parse(platform)));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--platform: " + e.getMessage());
        }
    }

    @Override
    void transfer(ImageReference ref, RegistryOptions options, TransferListener listener, PrintWriter out,
            PrintWriter err) throws IOException {
        if (!quiet) {
            err.println((ref.hasTag() ? ref.tag() : ref.digest().toString()) + ": Pulling from " + ref.repository());
            err.flush();
        }
        PullResult result = new ImagePuller(store.open(), options).pull(ref, listener);
        if (!quiet) {
            err.println("Digest: " + result.registryDigest());
            err.println("Status: " + (result.upToDate() ? "Image is up to date for " : "Downloaded newer image for ")
                    + ref.familiarName());
            err.flush();
        }
        out.println(ref);
    }
}
