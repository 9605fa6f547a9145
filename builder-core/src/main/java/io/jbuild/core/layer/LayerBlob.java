package io.jbuild.core.layer;

import java.nio.file.Path;

/**
 * A finished layer on disk, ready to be moved into the store.
 *
 * @param file      the compressed tar (a temporary file the caller owns), or null when written to a stream
 * @param digest    {@code sha256:...} of {@code file}'s bytes: the blob's address
 * @param size      length of {@code file}
 * @param diffId    {@code sha256:...} of the uncompressed tar: what the image config's rootfs lists
 * @param mediaType the OCI layer media type
 */
public record LayerBlob(Path file, String digest, long size, String diffId, String mediaType) {

    LayerBlob withFile(Path f) {
        return new LayerBlob(f, digest, size, diffId, mediaType);
    }
}
