package io.jbuild.core.exec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Closes finished steps (deletes their directories and releases their locks) on a thread of its own, so that the
 * next step does not wait for it: deleting a step's directory took ~3 ms of each of a chain's RUN steps, and a step
 * whose upper directory was not kept as a snapshot deletes everything it wrote. {@link #await} waits for all of
 * them and reports the first failure, as closing them in line would have.
 */
final class StepReaper {

    private ExecutorService thread;
    private final List<Future<?>> pending = new ArrayList<>();

    /** Closes {@code cleanup} in the background. A step's own shutdown hook still covers it until then. */
    synchronized void close(RunCleanup cleanup) {
        if (thread == null) {
            thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "jbuild-step-reaper");
                t.setDaemon(true);
                return t;
            });
        }
        pending.add(thread.submit(() -> {
            cleanup.close();
            return null;
        }));
    }

    /**
     * Waits until every step handed over is closed; the thread ends. Throws the first failure, after waiting for
     * the others.
     */
    void await() throws IOException {
        List<Future<?>> all;
        synchronized (this) {
            all = new ArrayList<>(pending);
            pending.clear();
            if (thread != null) {
                thread.shutdown();
                thread = null;
            }
        }
        IOException first = null;
        boolean interrupted = false;
        for (Future<?> f : all) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the deletions are short: finish them, say so after
                } catch (ExecutionException e) {
                    IOException failure = e.getCause() instanceof IOException io ? io
                            : new IOException("cleanup of a RUN step failed: " + e.getCause(), e.getCause());
                    if (first == null) {
                        first = failure;
                    } else {
                        first.addSuppressed(failure);
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (first != null) {
            throw first;
        }
    }
}
