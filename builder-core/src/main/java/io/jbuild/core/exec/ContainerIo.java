package io.jbuild.core.exec;

import java.util.Objects;

/** Where a container's standard streams go. */
public sealed interface ContainerIo {

    /** RUN steps: standard input is {@code /dev/null}; output comes line by line to {@code sink}. */
    record Captured(OutputSink sink) implements ContainerIo {
        public Captured {
            Objects.requireNonNull(sink, "sink");
        }
    }

    /**
     * {@code jbuild run -i/-t}: the container shares this process's own standard output and error, and its
     * standard input when {@code stdin} (else it reads {@code /dev/null}). With {@code terminal} the process gets a
     * pseudo-terminal that the runtime, in the foreground, joins to ours: it needs a terminal among this
     * process's standard streams or a controlling terminal, sets it raw while the container runs and restores it.
     */
    record Inherited(boolean stdin, boolean terminal) implements ContainerIo {
    }
}
