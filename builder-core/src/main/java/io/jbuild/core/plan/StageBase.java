package io.jbuild.core.plan;

/** What a stage starts from. */
public sealed interface StageBase {

    /** {@code FROM scratch}: an empty filesystem. */
    record Scratch() implements StageBase {
    }

    /** An image from the store or a registry, reference as written after expansion. */
    record Image(String reference) implements StageBase {
    }

    /** An earlier stage of the same Dockerfile. */
    record Stage(int index) implements StageBase {
    }
}
