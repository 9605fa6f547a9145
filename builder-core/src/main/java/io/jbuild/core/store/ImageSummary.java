package io.jbuild.core.store;

import io.jbuild.grammar.reference.Digest;
import io.jbuild.grammar.reference.ImageReference;
import java.time.Instant;

/**
 * One line of {@code jbuild images}: a tag of the store and what it points at.
 *
 * @param refName   the {@code org.opencontainers.image.ref.name} as stored, or null for an untagged entry
 * @param reference the tag as a docker reference; null if the name is not one (written by another tool)
 * @param id        the image ID (config digest); the target's digest if the image cannot be read
 * @param target    the digest {@code index.json} points at (the manifest or index)
 * @param created   when the image was made; null if unknown
 * @param size      config plus layers as stored, in bytes
 */
public record ImageSummary(String refName, ImageReference reference, Digest id, Digest target, Instant created,
                           long size) {

    /** As {@code docker images} prints it: {@code nginx}, {@code localhost:5000/app}; {@code <none>} if unnamed. */
    public String repository() {
        return reference != null ? reference.familiarRepository() : "<none>";
    }

    /** The tag, or {@code <none>}; names from other tools are shown whole. */
    public String tag() {
        if (reference != null) {
            return reference.tag() != null ? reference.tag() : "<none>";
        }
        return refName != null ? refName : "<none>";
    }
}
