package io.jbuild.core.exec;

import io.jbuild.core.snapshot.UpperDirDiff;
import io.jbuild.core.snapshot.UpperSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A finished RUN step: the container is gone and nothing is mounted any more; what the step wrote is still in its
 * upper directory until {@link #close()}. Read {@link #diff()} (and write the layer) before closing.
 */
public final class RunResult implements AutoCloseable {

    private final String id;
    private final int exitCode;
    private final List<String> lastLines;
    private final Path upper;
    private final List<Path> lowers;
    private final Set<String> mountStubs;
    private final RunCleanup cleanup;
    private final StepReaper reaper;

    /** @param reaper closes the step in the background; null: {@link #close()} closes it at once */
    RunResult(String id, int exitCode, List<String> lastLines, Path upper, List<Path> lowers, Set<String> mountStubs,
              RunCleanup cleanup, StepReaper reaper) {
        this.id = id;
        this.exitCode = exitCode;
        this.lastLines = List.copyOf(lastLines);
        this.upper = upper;
        this.lowers = List.copyOf(lowers);
        this.mountStubs = Set.copyOf(mountStubs);
        this.cleanup = cleanup;
        this.reaper = reaper;
    }

    /** The container's id (also the name of its temporary directory). */
    public String id() {
        return id;
    }

    /** The process's exit code; by the runtime's convention 128 + N if signal N killed it. */
    public int exitCode() {
        return exitCode;
    }

    /** The last lines the step printed on each stream (20 each), in the order they came: for a failure's error. */
    public List<String> lastLines() {
        return lastLines;
    }

    /** The changes the step made, as layer entries in order, streamed (see {@link UpperDirDiff}). */
    public UpperDirDiff diff() throws IOException {
        return new UpperDirDiff(upper, lowers, mountStubs);
    }

    /** The upper directory, to keep as the snapshot of the layer written from it (before closing). */
    public UpperSnapshot snapshot() {
        return new UpperSnapshot(upper);
    }

    /**
     * Deletes the step's directory, upper directory included; with an executor {@link RunExecutor#reapingSteps
     * reaping steps}, in the background (its close waits for that).
     */
    @Override
    public void close() throws IOException {
        if (reaper != null) {
            reaper.close(cleanup);
        } else {
            cleanup.close();
        }
    }
}
