package io.jbuild.core.image;

import io.jbuild.grammar.reference.Digest;

/**
 * An output stream that digests and counts what is written to it (a store's blob writer): a writer in front of it
 * takes the digest from it instead of digesting the same bytes a second time.
 */
public interface DigestedOutput {

    /** The digest of everything written; nothing more may be written after this call. */
    Digest digest();

    /** Bytes written so far. */
    long size();
}
