package io.jbuild.core.build;

import io.jbuild.core.exec.CacheMountSeed;
import io.jbuild.core.exec.RunExecutor;
import io.jbuild.core.snapshot.SnapshotStore;
import io.jbuild.core.store.BlobStore;
import io.jbuild.core.store.ImageStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

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

    synchronized RunStep.Context context() throws IOException {
        if (made == null) {
            RunExecutor executor = new RunExecutor(snapshots, store.paths().runState()).keepingNetworks()
                    .reapingSteps().seedingCaches(seed);
            executor.recover();
            snapshots.recover();
            made = new RunStep.Context(executor, snapshots, blobs, request, proxyArgs, stages, work);
        }
        return made;
    }

    /** Ends what the executor keeps between steps (the steps' networks) and waits for the steps' deletion. */
    @Override
    public synchronized void close() throws IOException {
        if (made != null) {
            made.executor().close();
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
