package io.jbuild.cli.registry;

import io.jbuild.cli.image.StoreOptions;
import io.jbuild.core.image.ImageReference;
import io.jbuild.core.image.Platform;
import io.jbuild.core.image.PlatformMatcher;
import io.jbuild.core.registry.ImagePuller;
import io.jbuild.core.registry.PullResult;
import io.jbuild.core.registry.RegistryOptions;
import io.jbuild.core.registry.TransferListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

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
public final class PullCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    RegistryCliOptions registry;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
            description = "The platform to take from a multi-platform image (default: this machine's).")
    String platform;

    @Option(names = {"-q", "--quiet"}, description = "Print no progress, only the reference.")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "REF", description = "The image: [REGISTRY/]NAME[:TAG][@DIGEST].")
    String reference;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RegistryOptions options = registry.options();
        if (platform != null) {
            try {
                options = options.withPlatform(PlatformMatcher.of(Platform.parse(platform)));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--platform: " + e.getMessage());
            }
        }
        ImageReference ref;
        try {
            ref = ImageReference.parse(reference);
        } catch (IllegalArgumentException e) {
            return Failures.report(err, "pull", reference, e);
        }
        try {
            if (!quiet) {
                err.println((ref.hasTag() ? ref.tag() : ref.digest().toString()) + ": Pulling from " + ref.repository());
                err.flush();
            }
            TransferListener listener = quiet ? TransferListener.SILENT : new ProgressPrinter(err, false);
            PullResult result = new ImagePuller(store.open(), options).pull(ref, listener);
            if (!quiet) {
                err.println("Digest: " + result.registryDigest());
                err.println("Status: " + (result.upToDate() ? "Image is up to date for " : "Downloaded newer image for ")
                        + ref.familiarName());
                err.flush();
            }
            out.println(ref);
            out.flush();
            return 0;
        } catch (IOException | RuntimeException e) {
            return Failures.report(err, "pull", ref.toString(), e);
        }
    }
}
