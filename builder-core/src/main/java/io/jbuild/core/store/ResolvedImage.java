package io.jbuild.core.store;

import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.image.ImageConfig;
import io.jbuild.core.image.ImageManifest;
import io.jbuild.grammar.reference.ImageReference;

/**
 * An image found in the store, down to its config.
 *
 * @param reference          the tag it was found by; null when found by image ID or when the tag is not a
 *                           docker reference
 * @param target             what {@code index.json} points at: the manifest, or an index of manifests
 * @param manifestDescriptor the manifest for the chosen platform (equal to {@code target} for single-platform images)
 * @param manifest           that manifest
 * @param config             its config
 */
public record ResolvedImage(ImageReference reference, Descriptor target, Descriptor manifestDescriptor,
                            ImageManifest manifest, ImageConfig config) {

    /** The image ID: the config's digest, as docker defines it. */
    public Digest imageId() {
        return manifest.config().digest();
    }

    /** Config plus layers as stored. */
    public long size() {
        return manifest.contentSize();
    }
}
