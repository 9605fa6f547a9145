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
}
