package io.jbuild.core.layer;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The threads a build compresses its new layers on (parallel gzip), one per processor; daemon threads, so a
 * front end that exits does not wait for them. Closing it stops them.
 */
public final class CompressionPool implements AutoCloseable {

    private final ExecutorService executor;
    private final int threads;

    private CompressionPool(int threads) {
        this.threads = threads;
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "jbuild-compress");
            t.setDaemon(true);
            return t;
        });
    }

    /** A pool as large as this machine has processors. */
    public static CompressionPool forThisMachine() {
        return new CompressionPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    public ExecutorService executor() {
        return executor;
    }

    public int threads() {
        return threads;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
