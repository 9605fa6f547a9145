package io.jbuild.core.registry;

import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.grammar.reference.ImageReference;

/**
 * A finished pull.
 *
 * @param reference       what was pulled, normalized
 * @param manifest        the image manifest now in the store (with the config's platform)
 * @param imageId         its config digest
 * @param indexDigest     the digest of the index the manifest was chosen from; null for a single-platform image
 * @param downloaded      blobs downloaded
 * @param alreadyInStore  blobs the store had
 * @param bytesDownloaded bytes of the downloaded blobs (manifests not counted)
 * @param upToDate        the tag already pointed at this manifest
 */
public record PullResult(ImageReference reference, Descriptor manifest, Digest imageId, Digest indexDigest,
                         int downloaded, int alreadyInStore, long bytesDownloaded, boolean upToDate) {

    /** What the registry calls this image: the index's digest if there was one, else the manifest's. */
    public Digest registryDigest() {
        return indexDigest != null ? indexDigest : manifest.digest();
    }
}
