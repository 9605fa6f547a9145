package io.jbuild.core.build;

import io.jbuild.core.exec.CacheMountSeed;
import io.jbuild.core.exec.NetworkMode;
import io.jbuild.core.exec.RunExecutor;
import io.jbuild.core.plan.BuildPlan;
import io.jbuild.core.plan.PlannedStage;
import io.jbuild.core.plan.PlannedStep;
import io.jbuild.core.snapshot.SnapshotStore;
import io.jbuild.core.store.BlobStore;
import io.jbuild.core.store.ImageStore;
import io.jbuild.grammar.ast.Instruction;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The executor of one build's RUN steps, made on first use (a build without RUN starts no runtime), after what
 * killed builds left is undone; stages building at the same time share it, and its private networks are kept
 * from step to step until the build closes it.
 */
final class RunSteps implements AutoCloseable {

    private final ImageStore store;
    /** Where RUN's layers are read from: the store's blobs, or a view fetching those a build left remote. */
    private final BlobStore blobs;
    private final SnapshotStore snapshots;
    private final BuildRequest request;
    private final Map<String, String> proxyArgs;
    private final Steps.Stages stages;
    private final Path work;
    private final CacheMountSeed seed;
    private RunStep.Context made;
    /** {@link #prepareAhead}'s thread, if it started one. */
    private Thread ahead;
    /** {@link #closeInBackground}'s thread, and what it failed with. */
    private Thread closing;
    private Exception closeFailure;

    /** @param seed fills cache mounts that are empty when a step first mounts them ({@code --cache-from}) */
    RunSteps(ImageStore store, BlobStore blobs, SnapshotStore snapshots, BuildRequest request,
             Map<String, String> proxyArgs, Steps.Stages stages, Path work, CacheMountSeed seed) {
        this.store = store;
        this.blobs = blobs;
        this.snapshots = snapshots;
        this.request = request;
        this.proxyArgs = proxyArgs;
        this.stages = stages;
        this.work = work;
        this.seed = seed;
    }

    /**
     * Starts, on a thread of its own, what the plan's first RUN step would do before its container starts (the
     * executor, its recovery, its network: {@link RunExecutor#prepare}), so that it overlaps the steps before it (the
     * base image, FROM, the build's set-up) instead of waiting for the first RUN. Nothing when the plan runs nothing.
     * The first step's private network is started ahead only with {@code --no-cache}, when that step certainly
     * runs: a build whose RUN steps are all cached starts none.
     */
    void prepareAhead(BuildPlan plan) {
        Optional<NetworkMode> network = firstRunNetwork(plan);
        if (network.isEmpty()) {
            return;
        }
        boolean startNetwork = request.noCache() && network.get() == NetworkMode.PRIVATE;
        Thread thread = new Thread(() -> {
            try {
                made().executor().prepare(startNetwork);
            } catch (IOException | RuntimeException e) {
                // only a head start: the step does the same again and reports what fails
            }
        }, "jbuild-run-ahead");
        thread.setDaemon(true);
        synchronized (this) {
            ahead = thread;
        }
        thread.start();
    }

    /** The network of the plan's first RUN step, in the plan's order; empty without one (or with a bad one). */
    private Optional<NetworkMode> firstRunNetwork(BuildPlan plan) {
        for (PlannedStage stage : plan.stages()) {
            for (PlannedStep step : stage.steps()) {
                if (step.instruction() instanceof Instruction.Run run) {
                    try {
                        return Optional.of(RunStep.network(run, request));
                    } catch (Steps.StepException e) {
                        return Optional.empty(); // the step reports it
                    }
                }
            }
        }
        return Optional.empty();
    }

    RunStep.Context context() throws IOException {
        awaitAhead();
        return made();
    }

    /** Waits for {@link #prepareAhead}'s thread, so that a step takes the network it started instead of a second. */
    private void awaitAhead() throws IOException {
        Thread thread;
        synchronized (this) {
            thread = ahead;
        }
        if (thread == null || thread == Thread.currentThread()) {
            return;
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the RUN steps' set-up was under way");
        }
    }

    private synchronized RunStep.Context made() throws IOException {
        if (made == null) {
            RunExecutor executor = new RunExecutor(snapshots, store.paths().runState()).keepingNetworks()
                    .seedingCaches(seed);
            executor.recover();
            snapshots.recover();
            made = new RunStep.Context(executor, snapshots, blobs, request, proxyArgs, stages, work);
        }
        return made;
    }

    /**
     * Starts ending what the executor keeps between steps on a thread of its own, once the steps are over: stopping
     * slirp4netns, unmounting its namespace and ending the watch (~40 ms) overlap the image's commit; {@link #close()}
     * waits for it.
     */
    void closeInBackground() {
        Thread thread = new Thread(() -> {
            try {
                close();
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    closeFailure = e;
                }
            }
        }, "jbuild-run-close");
        synchronized (this) {
            if (closing != null) {
                return;
            }
            closing = thread;
        }
        thread.start();
    }

    /** Ends what the executor keeps between steps (the steps' networks); after {@link #closeInBackground}, waits. */
    @Override
    public void close() throws IOException {
        Thread background;
        synchronized (this) {
            background = closing;
        }
        if (background != null && background != Thread.currentThread()) {
            try {
                background.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the RUN steps' networks were being stopped");
            }
            Exception failure;
            synchronized (this) {
                failure = closeFailure;
                closeFailure = null;
            }
            if (failure instanceof IOException io) {
                throw io;
            } else if (failure != null) {
                throw (RuntimeException) failure;
            }
            return;
        }
        awaitAhead();
        RunStep.Context context;
        synchronized (this) {
            context = made;
        }
        if (context != null) {
            context.executor().close();
        }
    }

    /**
     * Undoes what builds killed during a RUN step left (their containers, mounts and directories) before a build
     * starts, whether or not it runs a step itself; nothing to do, and no runtime started, when none did.
     */
    static void recoverKilled(ImageStore store) throws IOException {
        RunExecutor executor = new RunExecutor(new SnapshotStore(store.paths().snapshots()), store.paths().runState());
        boolean any;
        try (var entries = Files.list(executor.runsDir())) {
            any = entries.findAny().isPresent();
        } catch (NoSuchFileException e) {
            any = false;
        }
        if (any) {
            executor.recover();
        }
    }
}
