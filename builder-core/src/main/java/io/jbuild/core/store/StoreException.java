package io.jbuild.core.store;

/** An operation on the store that cannot be done as asked; the message says why, for people. */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }
}
