package io.jbuild.core.store;

/** The request is ambiguous or would remove more than asked (docker's "conflict" errors). */
public final class ImageConflictException extends StoreException {

    private static final long serialVersionUID = 1L;

    public ImageConflictException(String message) {
        super(message);
    }
}
