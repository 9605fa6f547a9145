package io.jbuild.core.build;

import io.jbuild.core.image.Platform;
import io.jbuild.core.store.BlobStore;
import java.nio.file.Path;
import java.time.Instant;

/**
 * What every step of one build reads, shared by stages building at the same time.
 *
 * @param now           the time stamped on history and new files (the source date epoch when set)
 * @param work          this build's scratch directory
 * @param contextCache  where content hashes of context files are kept between builds
 * @param maxLayerBytes the most uncompressed bytes a layer this build unpacks may hold
 * @param views         what stages' file system views are made from
 */
record BuildSession(BuildRequest request, BuildListener listener, Platform platform, Instant now, BaseImages bases,
                    BuiltStages stages, LayerCommit layers, RunSteps runs, BlobStore blobs, Path work,
                    Path contextCache, long maxLayerBytes, StageRootfs.Sources views) {
}
