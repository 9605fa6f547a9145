package io.jbuild.core.registry;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs blob transfers a few at a time and fails fast: the first failure cancels the rest and is thrown. A
 * pool per operation, so nothing outlives it.
 */
final class ParallelTransfers {

    /** One transfer. */
    @FunctionalInterface
    interface Transfer {
        void run() throws IOException;
    }

    private ParallelTransfers() {
    }

    static void run(int parallelism, List<Transfer> transfers) throws IOException {
        if (transfers.isEmpty()) {
            return;
        }
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "jbuild-transfer-" + n.incrementAndGet());
            t.setDaemon(true); // a worker stuck in a socket read must not keep the JVM alive
            return t;
        };
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, transfers.size()), threads);
        CompletionService<Void> done = new ExecutorCompletionService<>(pool);
        try {
            for (Transfer t : transfers) {
                done.submit(() -> {
                    t.run();
                    return null;
                });
            }
            for (int i = 0; i < transfers.size(); i++) {
                done.take().get();
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during transfer");
        } finally {
            pool.shutdownNow();
            awaitQuietly(pool);
        }
    }

    /** Gives cancelled workers a moment to close their temporary files; does not wait on a stuck socket for long. */
    private static void awaitQuietly(ExecutorService pool) {
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
