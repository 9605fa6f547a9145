package io.jbuild.core.exec;

import java.io.IOException;
import java.nio.file.Path;

/** The runtime could not start the step's process (no such executable, bad mount, ...); its message says why. */
public final class ContainerStartException extends IOException {

    public ContainerStartException(String message) {
        super(message);
    }

    /** What the runtime logged as errors in its JSON {@code --log} (it could not start the process); null if none. */
    public static String fromRuntimeLog(Path log) throws IOException {
        return OciRuntime.errors(log);
    }
}
