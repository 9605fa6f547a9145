package io.jbuild.core.build;

import java.nio.file.Path;

/** The build context as COPY/ADD sources. */
final class ContextFiles {

    private ContextFiles() {
    }

    static SourceFiles open(Path contextDir, Path dockerfile) {
        return new SourceFiles(contextDir, p -> true, "build context " + contextDir);
    }
}
