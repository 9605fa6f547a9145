package io.jbuild.core.store;

import java.io.IOException;

/**
 * Writing to the store failed (a full disk, a read-only file system); the message names the store. Whoever is
 * feeding the store should stop rather than fetch the bytes again: the next try meets the same disk.
 */
public final class StoreWriteException extends IOException {

    private static final long serialVersionUID = 1L;

    public StoreWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
