package io.jbuild.core.container;

import java.io.IOException;

/** A container operation refused, with docker's words for why ({@code No such container: x}, a name conflict...). */
public class ContainerException extends IOException {

    public ContainerException(String message) {
        super(message);
    }

    /** {@code No such container: X}. */
    public static final class NoSuch extends ContainerException {
        public NoSuch(String ref) {
            super("No such container: " + ref);
        }
    }

    /**
     * The runtime could not create the container's process (docker's {@code OCI runtime create failed: ...}); the
     * container is kept as created, with this error and exit code, as docker keeps it.
     */
    public static final class CreateFailed extends ContainerException {
        private final int exitCode;

        public CreateFailed(String runtimeMessage) {
            super("OCI runtime create failed: " + runtimeMessage + ": unknown");
            this.exitCode = exitCode(runtimeMessage);
        }

        /** docker run's: 127 for a command not found, 126 for one that cannot be run, else 125. */
        public int exitCode() {
            return exitCode;
        }

        private static int exitCode(String message) {
            if (message.contains("executable file not found") || message.contains("no such file or directory")) {
                return 127;
            }
            return message.contains("permission denied") ? 126 : 125;
        }
    }
}
