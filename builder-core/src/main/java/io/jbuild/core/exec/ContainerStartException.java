package io.jbuild.core.exec;

import java.io.IOException;

/** The runtime could not start the step's process (no such executable, bad mount, ...); its message says why. */
public final class ContainerStartException extends IOException {

    public ContainerStartException(String message) {
        super(message);
    }
}
