package io.jbuild.core.container.cp;

import java.io.IOException;

/** A {@code cp} that cannot be done, in docker's words where docker has them; nothing was written. */
public final class CopyException extends IOException {

    public CopyException(String message) {
        super(message);
    }
}
