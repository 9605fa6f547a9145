package io.jbuild.core.context;

import java.nio.file.Path;

/** A COPY/ADD source does not exist in the context as sent (it may be excluded by .dockerignore). */
public final class SourceNotFoundException extends ContextException {

    private final String source;
    private final Path contextDir;

    SourceNotFoundException(String source, Path contextDir, String detail) {
        super("file not found in build context or excluded by .dockerignore: stat " + source + ": " + detail
                + " (build context: " + contextDir + ")");
        this.source = source;
        this.contextDir = contextDir;
    }

    /** The source as written in the Dockerfile. */
    public String source() {
        return source;
    }

    public Path contextDir() {
        return contextDir;
    }
}
