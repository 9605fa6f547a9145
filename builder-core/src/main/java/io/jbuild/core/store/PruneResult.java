package io.jbuild.core.store;

import io.jbuild.grammar.reference.Digest;
import java.util.List;

/**
 * What {@code prune} removed.
 *
 * @param deletedBlobs     blobs no tag reaches
 * @param reclaimedBytes   their total size plus the temporary files'
 * @param deletedTempFiles temporary files left by interrupted writes
 */
public record PruneResult(List<Digest> deletedBlobs, long reclaimedBytes, int deletedTempFiles) {

    public PruneResult {
        deletedBlobs = List.copyOf(deletedBlobs);
    }
}
