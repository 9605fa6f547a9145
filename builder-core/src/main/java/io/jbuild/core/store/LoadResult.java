package io.jbuild.core.store;

import io.jbuild.grammar.reference.Digest;
import io.jbuild.grammar.reference.ImageReference;
import java.util.List;

/**
 * What {@code jbuild load} added.
 *
 * @param tagged   the tags created or moved
 * @param untagged image IDs of images the archive did not name (kept as unnamed entries)
 */
public record LoadResult(List<ImageReference> tagged, List<Digest> untagged) {

    public LoadResult {
        tagged = List.copyOf(tagged);
        untagged = List.copyOf(untagged);
    }
}
