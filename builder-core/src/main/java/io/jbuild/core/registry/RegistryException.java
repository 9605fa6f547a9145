package io.jbuild.core.registry;

import java.io.IOException;

/**
 * A registry operation failed for a reason worth telling the user as it is: the message names the reference
 * or registry and says what the registry answered ({@code manifest unknown}, {@code unauthorized}, ...).
 * Not retried: a retry would get the same answer.
 */
public class RegistryException extends IOException {

    private static final long serialVersionUID = 1L;

    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
