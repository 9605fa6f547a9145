package io.jbuild.core.build;

/** A built stage: its image, its file system view and the cache key of its last step. */
record StageOutcome(ImageState image, StageRootfs rootfs, StepKey key) {
}
