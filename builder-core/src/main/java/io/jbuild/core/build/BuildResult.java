package io.jbuild.core.build;

import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.grammar.reference.ImageReference;
import java.util.List;
import java.util.Map;

/**
 * A finished build.
 *
 * @param imageId  what {@code images} shows as IMAGE ID: the config digest, or of a multi-platform build the
 *                 index's digest
 * @param manifest the image manifest in the store (the index of a multi-platform build)
 * @param tags     the references it was tagged with, normalized
 * @param warnings things the user should know (unused build args, ...)
 * @param lenders  layer blobs a {@code --cache-from} registry cache holds, by digest: the cache's reference (its
 *                 registry and repository), from which a push to the same registry can mount them
 */
public record BuildResult(Digest imageId, Descriptor manifest, List<String> tags, List<String> warnings,
                          Map<Digest, ImageReference> lenders) {

    public BuildResult {
        tags = List.copyOf(tags);
        warnings = List.copyOf(warnings);
        lenders = Map.copyOf(lenders);
    }

    public BuildResult(Digest imageId, Descriptor manifest, List<String> tags, List<String> warnings) {
        this(imageId, manifest, tags, warnings, Map.of());
    }
}
