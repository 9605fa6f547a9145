package io.jbuild.core.store;

/** No image in the store has the given reference or ID. */
public final class NoSuchImageException extends StoreException {

    private static final long serialVersionUID = 1L;

    private final String reference;

    public NoSuchImageException(String reference) {
        super("no such image: " + reference);
        this.reference = reference;
    }

    /** The reference or ID as the caller gave it. */
    public String reference() {
        return reference;
    }
}
