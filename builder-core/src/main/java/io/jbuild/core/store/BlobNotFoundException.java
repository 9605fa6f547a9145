package io.jbuild.core.store;

import io.jbuild.grammar.reference.Digest;
import java.nio.file.NoSuchFileException;

/** A blob the caller asked for is not in the store. */
public final class BlobNotFoundException extends NoSuchFileException {

    private static final long serialVersionUID = 1L;

    private final transient Digest digest;

    public BlobNotFoundException(Digest digest) {
        super("blob " + digest + " not found in the store");
        this.digest = digest;
    }

    public Digest digest() {
        return digest;
    }

    @Override
    public String getMessage() {
        return getFile();
    }
}
