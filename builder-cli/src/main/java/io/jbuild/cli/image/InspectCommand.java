package io.jbuild.cli.image;

import io.jbuild.cli.Failure;
import io.jbuild.cli.Subcommand;
import io.jbuild.cli.container.ContainerJson;
import io.jbuild.grammar.reference.InvalidReferenceException;
import io.jbuild.core.image.Descriptor;
import io.jbuild.core.image.MediaTypes;
import io.jbuild.core.image.NoMatchingPlatformException;
import io.jbuild.core.image.OciJson;
import io.jbuild.core.image.Platform;
import io.jbuild.core.image.PlatformMatcher;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.NoSuchImageException;
import io.jbuild.core.store.ResolvedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code jbuild inspect IMAGE}: print an image's config. */
@Command(name = "inspect",
        mixinStandardHelpOptions = true,
        description = {
            "Print the config of an image.",
            "The OCI image config JSON (platform, Env, Cmd, Entrypoint, Labels, rootfs,",
            "history, ...), every field as stored, indented. Of a multi-platform image",
            "(a tag naming an OCI image index), the index; with --platform, that",
            "platform's config."})
public final class InspectCommand extends Subcommand {

    @Mixin
    StoreOptions store;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "NAME[:TAG][@DIGEST] or image ID.")
    String image;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
            description = "The config of this platform's image of a multi-platform image.")
    String platform;

    public InspectCommand() {
        super("inspect", Failure.IMAGE);
    }

    @Override
    protected String subject() {
        return image;
    }

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws IOException {
        PlatformMatcher matcher;
        try {
            matcher = platform == null ? null : PlatformMatcher.of(Platform.parse(platform));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--platform: " + e.getMessage());
        }
        ImageStore s = matcher == null ? store.open() : ImageStore.open(store.open().root(), matcher);
        Optional<Descriptor> index = taggedIndex(s);
        if (index.isPresent() && matcher == null) {
            out.println(OciJson.pretty(s.blobs().readAll(index.get().digest(), ImageStore.MAX_CONFIG_SIZE)));
            return 0;
        }
        ResolvedImage resolved;
        try {
            resolved = s.resolve(image);
        } catch (NoSuchImageException | InvalidReferenceException e) {
            // docker inspect takes container names and IDs too
            Optional<String> container = ContainerJson.inspect(s, image);
            if (container.isEmpty()) {
                throw e;
            }
            out.println(container.get());
            return 0;
        }
        if (matcher != null && !matcher.matches(resolved.config().platform())) {
            throw new IllegalArgumentException("image " + image + " is " + resolved.config().platform().format()
                    + ", not " + matcher.wanted().format());
        }
        out.println(OciJson.pretty(s.readConfigBytes(resolved.imageId())));
        return 0;
    }

    /** The index {@link #image} names, when it names one by reference or digest. */
    private Optional<Descriptor> taggedIndex(ImageStore s) throws IOException {
        ImageReference ref;
        try {
            ref = ImageReference.parse(image);
        } catch (InvalidReferenceException e) {
            ref = null;
        }
        Optional<Descriptor> d = Optional.empty();
        if (ref != null && !ref.hasDigest()) {
            d = s.lookup(ref);
        }
        if (d.isEmpty()) {
            try {
                d = Optional.of(s.resolve(image).target());
            } catch (NoSuchImageException | InvalidReferenceException | NoMatchingPlatformException e) {
                return Optional.empty();
            }
        }
        return d.filter(t -> MediaTypes.isIndex(t.mediaType()));
    }
}
