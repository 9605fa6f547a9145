package io.jbuild.core.context;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;

/**
 * Opens a context file's contents. Injectable so that tests can count or fail reads; everything that reads file
 * contents from a context goes through {@link BuildContext#openContent}, which uses one.
 */
@FunctionalInterface
public interface ContentOpener {

    /** Opens the host file without following a symbolic link that may have replaced it since the walk. */
    ContentOpener FILES = entry -> Files.newInputStream(entry.file(), LinkOption.NOFOLLOW_LINKS);

    InputStream open(ContextEntry file) throws IOException;
}
