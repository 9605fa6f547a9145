package io.jbuild.core.registry;

import java.io.IOException;

/** An HTTP answer the manifest client did not expect; 5xx and 429 are transient, the rest are not. */
final class HttpStatusException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int status;

    HttpStatusException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
