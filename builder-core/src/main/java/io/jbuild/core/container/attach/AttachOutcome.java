package io.jbuild.core.container.attach;

/** How an attachment ended: the container exited (with its code), or the user typed the detach keys. */
public sealed interface AttachOutcome {

    record Exited(int exitCode) implements AttachOutcome {
    }

    record Detached() implements AttachOutcome {
    }
}
