package io.jbuild.core.build;

import io.jbuild.core.plan.PlannedStage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs the stages of a build, each as soon as the stages it depends on are built: independent stages (two builder
 * stages the final one copies from) build at the same time, as BuildKit's solver runs them. On a failure the
 * stages still running are interrupted (a RUN's container is killed) and awaited before the first failure is
 * thrown, so nothing of the build keeps running after it returns.
 */
final class StageScheduler {

    /** Builds one stage. */
    @FunctionalInterface
    interface StageTask {
        void build(PlannedStage stage) throws IOException, BuildException;
    }

    private StageScheduler() {
    }

    /**
     * @param built the indexes of the stages built so far (the task adds to it); a stage starts once it holds all
     *              of the stage's {@link PlannedStage#dependsOn()}
     */
    static void run(List<PlannedStage> stages, StageTask task, Set<Integer> built) throws IOException, BuildException {
        if (stages.size() == 1) {
            task.build(stages.get(0)); // nothing to overlap: stay on the caller's thread
            return;
        }
        List<PlannedStage> waiting = new ArrayList<>(stages);
        int threads = Math.min(stages.size(), Math.max(2, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "jbuild-stage");
            t.setDaemon(true);
            return t;
        });
        CompletionService<Void> running = new ExecutorCompletionService<>(pool);
        int inFlight = 0;
        Throwable failure = null;
        try {
            while (failure == null && (!waiting.isEmpty() || inFlight > 0)) {
                for (Iterator<PlannedStage> it = waiting.iterator(); it.hasNext(); ) {
                    PlannedStage stage = it.next();
                    if (built.containsAll(stage.dependsOn())) {
                        it.remove();
                        running.submit(() -> {
                            task.build(stage);
                            return null;
                        });
                        inFlight++;
                    }
                }
                if (inFlight == 0) {
                    throw new IllegalStateException("stages wait for each other: " + waiting);
                }
                Future<Void> finished = running.take();
                inFlight--;
                try {
                    finished.get();
                } catch (ExecutionException e) {
                    failure = e.getCause();
                }
            }
        } catch (InterruptedException e) {
            failure = new InterruptedIOException("build interrupted");
            Thread.currentThread().interrupt();
        } finally {
            pool.shutdownNow();
            awaitTermination(pool);
        }
        rethrow(failure);
    }

    private static void rethrow(Throwable failure) throws IOException, BuildException {
        if (failure == null) {
            return;
        }
        if (failure instanceof BuildException b) {
            throw b;
        }
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        throw new IOException(failure);
    }

    /** Waits for the stage threads to end, even when interrupted: their mounts and containers must be gone first. */
    private static void awaitTermination(ExecutorService pool) {
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.SECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
