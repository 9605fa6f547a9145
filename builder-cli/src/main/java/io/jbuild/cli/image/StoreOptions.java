package io.jbuild.cli.image;

import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.StoreLocation;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --root} option every store command shares. */
public final class StoreOptions {

    @Option(names = "--root", paramLabel = "DIR",
            description = {"The image store.", "Default: $JBUILD_HOME, else ~/.local/share/jbuild"})
    Path root;

    /** Opens (creating if needed) the store this invocation uses. */
    public ImageStore open() throws IOException {
        return ImageStore.open(StoreLocation.resolve(root));
    }
}
