package io.jbuild.core.registry;

import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.image.ImageIndex;
import io.jbuild.core.image.Manifest;
import io.jbuild.core.image.MediaTypes;
import java.io.IOException;

/**
 * A manifest or index exactly as the registry sent it (or the store holds it): its digest is over these bytes,
 * so they are stored and pushed unchanged, never re-serialized.
 *
 * @param bytes     the document (callers do not modify it)
 * @param mediaType its media type (the {@code Content-Type} it came with, or the descriptor's)
 * @param digest    the sha256 digest of {@code bytes}
 */
record RawManifest(byte[] bytes, String mediaType, Digest digest) {

    /**
     * @param mediaType the {@code Content-Type} it came with; one that names no manifest or index (some servers
     *                  say {@code application/json}) is ignored, and the document's shape decides
     */
    static RawManifest of(byte[] bytes, String mediaType) {
        boolean known = mediaType != null && (MediaTypes.isManifest(mediaType) || MediaTypes.isIndex(mediaType));
        return new RawManifest(bytes, known ? mediaType : null, Digest.of(bytes));
    }

    /** Our model of the document. */
    Manifest parse() throws IOException {
        return Manifest.parse(bytes, mediaType);
    }

    /** The media type the document declares, else the one it came with, else OCI's for its shape. */
    String effectiveMediaType() throws IOException {
        Manifest m = parse();
        if (m.mediaType() != null) {
            return m.mediaType();
        }
        if (mediaType != null) {
            return mediaType;
        }
        return m instanceof ImageIndex ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
    }

    Descriptor descriptor() throws IOException {
        return Descriptor.of(effectiveMediaType(), digest, bytes.length);
    }
}
