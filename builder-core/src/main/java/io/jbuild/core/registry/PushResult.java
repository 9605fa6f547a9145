package io.jbuild.core.registry;

import io.jbuild.grammar.reference.Digest;
import io.jbuild.grammar.reference.ImageReference;

/**
 * A finished push.
 *
 * @param reference     where it was pushed, normalized
 * @param digest        the digest of the manifest (or index) the tag now names on the registry
 * @param size          that document's size in bytes
 * @param uploaded      blobs uploaded
 * @param onRegistry    blobs the registry had already
 * @param mounted       blobs the registry linked from another of its repositories
 * @param bytesUploaded bytes of the uploaded blobs
 */
public record PushResult(ImageReference reference, Digest digest, long size, int uploaded, int onRegistry,
                         int mounted, long bytesUploaded) {
}
