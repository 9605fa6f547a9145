package io.jbuild.core.registry;

import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.Digest;
import java.time.Duration;

/**
 * What a pull or push reports as it goes; front ends turn it into progress lines. Blob events come from
 * several transfer threads at once, so implementations must be thread-safe.
 */
public interface TransferListener {

    /** Why a blob was not transferred. */
    enum Skipped {
        /** Pull: the local store has it already. */
        IN_STORE,
        /** Push: the registry has it already. */
        ON_REGISTRY,
        /** Push: the registry linked it from another repository of its own (cross-repository mount). */
        MOUNTED
    }

    /** A blob transfer starts (again, after a retry). */
    default void blobStarted(Descriptor blob) {
    }

    /** {@code transferred} of {@code blob.size()} bytes are done. */
    default void blobProgress(Descriptor blob, long transferred) {
    }

    default void blobDone(Descriptor blob) {
    }

    /** @param mountedFrom the repository a mounted blob came from; null otherwise */
    default void blobSkipped(Descriptor blob, Skipped why, String mountedFrom) {
    }

    /** A push wrote a manifest under {@code tagOrDigest}. */
    default void manifestPushed(String tagOrDigest, Digest digest, long size) {
    }

    /** {@code what} failed transiently; try {@code attempt} of {@code maxAttempts} follows after {@code delay}. */
    default void retrying(String what, int attempt, int maxAttempts, Duration delay, Exception cause) {
    }

    default void warning(String message) {
    }

    TransferListener SILENT = new TransferListener() {
    };
}
