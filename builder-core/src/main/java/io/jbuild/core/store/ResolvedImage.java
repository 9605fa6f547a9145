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

    /**
     * The image ID, as {@code images}, {@code inspect}, {@code rmi} and {@code tag} show and take it: the config's
     * digest, as docker defines it; for a tag naming an index (a multi-platform image), the index's digest, as
     * docker's containerd store shows it, so that one image has one ID whichever platform is chosen.
     */
    public Digest imageId() {
        return fromIndex() ? target.digest() : configDigest();
    }

    /** The chosen platform's config digest (what the config blob is read by, and what step keys chain from). */
    public Digest configDigest() {
        return manifest.config().digest();
    }

    /** True when {@code target} is an index and the image one of its platforms'. */
    public boolean fromIndex() {
        return !target.digest().equals(manifestDescriptor.digest());
    }

    /** Config plus layers as stored. */
    public long size() {
        return manifest.contentSize();
    }
}
