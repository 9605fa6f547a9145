package io.jbuild.core.context;

import java.io.IOException;

/**
 * The build context cannot be read as asked: an invalid .dockerignore, an unreadable file or directory, a source that
 * is missing or cannot be resolved. The message names the path (and the context directory where it helps).
 */
public class ContextException extends IOException {

    public ContextException(String message) {
        super(message);
    }

    public ContextException(String message, Throwable cause) {
        super(message, cause);
    }
}
