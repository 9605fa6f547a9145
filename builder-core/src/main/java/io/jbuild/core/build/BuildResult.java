package io.jbuild.core.build;

import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.Digest;
import java.util.List;

/**
 * A finished build.
 *
 * @param imageId  what {@code images} shows as IMAGE ID: the config digest, or of a multi-platform build the
 *                 index's digest
 * @param manifest the image manifest in the store (the index of a multi-platform build)
 * @param tags     the references it was tagged with, normalized
 * @param warnings things the user should know (unused build args, ...)
 */
public record BuildResult(Digest imageId, Descriptor manifest, List<String> tags, List<String> warnings) {

    public BuildResult {
        tags = List.copyOf(tags);
        warnings = List.copyOf(warnings);
    }
}
