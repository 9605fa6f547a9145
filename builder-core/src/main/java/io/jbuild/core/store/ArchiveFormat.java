package io.jbuild.core.store;

/** What {@code jbuild save} writes. */
public enum ArchiveFormat {
    /**
     * A docker-archive ({@code manifest.json} with RepoTags, Config and Layers) that is at the same time an OCI
     * image layout, as {@code docker save} writes it since Docker 25; {@code docker load} reads it.
     */
    DOCKER,
    /** An OCI image layout in a tar ({@code skopeo}'s {@code oci-archive:}). */
    OCI
}
