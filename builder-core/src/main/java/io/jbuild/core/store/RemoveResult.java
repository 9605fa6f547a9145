package io.jbuild.core.store;

import io.jbuild.grammar.reference.Digest;
import java.util.List;

/**
 * What {@code rmi} did.
 *
 * @param untagged the names removed, as docker prints them ({@code nginx:latest})
 * @param deleted  the image IDs no tag refers to any more, whose blobs were deleted
 */
public record RemoveResult(List<String> untagged, List<Digest> deleted) {

    public RemoveResult {
        untagged = List.copyOf(untagged);
        deleted = List.copyOf(deleted);
    }
}
