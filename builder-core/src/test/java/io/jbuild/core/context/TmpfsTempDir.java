package io.jbuild.core.context;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Temporary directories in memory ({@code /dev/shm}) when the machine has it: the context tests create thousands
 * of files, which a busy disk-backed /tmp can make take seconds. Falls back to the default temporary directory.
 */
final class TmpfsTempDir implements TempDirFactory {

    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext extension) throws IOException {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return Files.createTempDirectory(shm, "jbuild-context-test");
        }
        return Files.createTempDirectory("jbuild-context-test");
    }
}
