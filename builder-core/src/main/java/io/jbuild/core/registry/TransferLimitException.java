package io.jbuild.core.registry;

import java.io.IOException;

/**
 * A download broke one of its {@link TransferLimits}: more bytes than its descriptor or the limit allows, or too
 * slow. Not retried: a server that sent too much will again, and a retry would only multiply the time the rate
 * bound allows.
 */
public final class TransferLimitException extends IOException {

    private static final long serialVersionUID = 1L;

    public TransferLimitException(String message) {
        super(message);
    }
}
