package io.jbuild.cli.image;

import io.jbuild.core.image.PlatformMatcher;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.StoreLocation;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/** The {@code --root} option every store command shares. */
public final class StoreOptions {

    private static final String ROOT_LABEL = "DIR";
    private static final String ROOT_DESCRIPTION = "The image store.";
    private static final String ROOT_DEFAULT = "Default: $JBUILD_HOME, else ~/.local/share/jbuild";

    @Option(names = "--root", paramLabel = ROOT_LABEL, description = {ROOT_DESCRIPTION, ROOT_DEFAULT})
    Path root;

    /** The option as if given on the command line: {@code root}, or null for the default store. */
    public static StoreOptions of(Path root) {
        StoreOptions o = new StoreOptions();
        o.root = root;
        return o;
    }

    /** The same option for a command declared in code ({@link io.jbuild.cli.CodeSpecs}). */
    public static OptionSpec rootOption() {
        return OptionSpec.builder("--root").type(Path.class).paramLabel(ROOT_LABEL)
                .description(ROOT_DESCRIPTION, ROOT_DEFAULT).build();
    }

    /** The {@code --root} given, or null for the default store. */
    public Path root() {
        return root;
    }

    /** Opens (creating if needed) the store this invocation uses. */
    public ImageStore open() throws IOException {
        return open(root);
    }

    /** Opens (creating if needed) the store at {@code root}, or the default one when null. */
    public static ImageStore open(Path root) throws IOException {
        return ImageStore.open(StoreLocation.resolve(root));
    }

    /** As {@link #open(Path)}, choosing from multi-platform images the image for {@code platform}. */
    public static ImageStore open(Path root, PlatformMatcher platform) throws IOException {
        return ImageStore.open(StoreLocation.resolve(root), platform);
    }
}
