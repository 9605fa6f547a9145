package io.jbuild.core.store;

import io.jbuild.grammar.reference.Digest;

/** A tag would point at an image whose blobs are not all in the store. */
public final class IncompleteImageException extends StoreException {

    private static final long serialVersionUID = 1L;

    private final transient Digest missing;

    public IncompleteImageException(Digest image, Digest missing) {
        super("image " + image + " is incomplete: blob " + missing + " is not in the store");
        this.missing = missing;
    }

    public Digest missing() {
        return missing;
    }
}
