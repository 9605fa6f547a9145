package io.jbuild.core.container.exec;

import java.io.IOException;

/**
 * An exec that did not start, in docker's words, with the exit code docker gives: 1 when the container is missing
 * or not running, 126 when the process could not be started in it.
 */
public final class ExecException extends IOException {

    private final int exitCode;

    public ExecException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
