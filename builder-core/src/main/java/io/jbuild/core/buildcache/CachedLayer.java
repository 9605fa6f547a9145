package io.jbuild.core.buildcache;

import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.Digest;

/**
 * What one step made, as a cache record carries it: its layer blob and that layer's diff ID, or no layer (a RUN
 * that changed nothing, a WORKDIR that existed).
 *
 * @param descriptor the layer blob; null for none
 * @param diffId     the digest of the uncompressed layer; null for none
 */
public record CachedLayer(Descriptor descriptor, Digest diffId) {

    /** The step made no layer. */
    public static final CachedLayer NONE = new CachedLayer(null, null);

    public boolean empty() {
        return descriptor == null;
    }
}
