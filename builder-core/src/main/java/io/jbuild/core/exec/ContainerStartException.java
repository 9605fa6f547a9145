package io.jbuild.core.exec;

import java.io.IOException;

/** The runtime could not start the step's process (no such executable, bad mount, ...); its message says why. */
public final class ContainerStartException extends IOException {

    public ContainerStartException(String message) {
        super(message);
    }

    /** What the runtime logged as errors in its JSON {@code --log} (it could not start the process); null if none. */
    public static String fromRuntimeLog(java.nio.file.Path log) throws IOException {
        return OciRuntime.errors(log);
    }
}
