package io.jbuild.core.store;

import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.Digest;

/**
 * A blob in the store.
 *
 * @param digest its digest
 * @param size   its size in bytes
 */
public record BlobInfo(Digest digest, long size) {

    /** A descriptor of this blob with the given media type. */
    public Descriptor descriptor(String mediaType) {
        return Descriptor.of(mediaType, digest, size);
    }
}
