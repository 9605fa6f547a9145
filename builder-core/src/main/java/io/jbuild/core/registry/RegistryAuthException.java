package io.jbuild.core.registry;

/** The registry refused the credentials, or wanted some and none were found. */
public final class RegistryAuthException extends RegistryException {

    private static final long serialVersionUID = 1L;

    public RegistryAuthException(String message) {
        super(message);
    }

    public RegistryAuthException(String message, Throwable cause) {
        super(message, cause);
    }
}
