package io.jbuild.lsp;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.lsp4j.PublishDiagnosticsParams;

/**
 * Lints off the protocol thread and publishes. A change that comes after a pause of at least {@code delay} is linted
 * at once (as the node server does: typing at a human pace gets each key's diagnostics without a wait); one that comes
 * sooner after the previous one, a burst (a paste, a multi-cursor edit, fast typing), waits {@code delay} for the
 * next. The latest text wins: a pending lint is replaced by the next change's, and a lint whose version is no longer
 * current when it ends is not published.
 */
final class DiagnosticsPublisher implements AutoCloseable {

    private final Documents documents;
    private final Consumer<PublishDiagnosticsParams> client;
    private final long delayMillis;
    private final ScheduledThreadPoolExecutor worker = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "jbuild-lsp-diagnostics");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;
    private final Map<String, Future<?>> pending = new ConcurrentHashMap<>();
    private final Map<String, Long> lastChange = new ConcurrentHashMap<>();

    DiagnosticsPublisher(Documents documents, Consumer<PublishDiagnosticsParams> client, long delayMillis) {
        this.documents = documents;
        this.client = client;
        this.delayMillis = delayMillis;
        worker.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * Lints the document's current version, at once when {@code now} or after a pause, else after the delay; replaces
     * a pending lint.
     */
    void schedule(String uri, boolean now) {
        if (closed) {
            return; // a client that goes on after shutdown gets nothing more
        }
        long t = System.nanoTime();
        Long previous = lastChange.put(uri, t);
        boolean burst = previous != null && t - previous < TimeUnit.MILLISECONDS.toNanos(delayMillis);
        Future<?> f = worker.schedule(() -> publish(uri), now || !burst ? 0 : delayMillis, TimeUnit.MILLISECONDS);
        Future<?> before = pending.put(uri, f);
        if (before != null) {
            before.cancel(false);
        }
    }

    /** The document was closed: its diagnostics go away. */
    void clear(String uri) {
        if (closed) {
            return;
        }
        lastChange.remove(uri);
        Future<?> before = pending.remove(uri);
        if (before != null) {
            before.cancel(false);
        }
        worker.execute(() -> client.accept(new PublishDiagnosticsParams(uri, List.of())));
    }

    private void publish(String uri) {
        try {
            Optional<TextDocument> d = documents.document(uri);
            Optional<Analysis> a = documents.analysis(uri);
            if (closed || d.isEmpty() || a.isEmpty() || !documents.current(uri, a.get().document().version())) {
                return;
            }
            PublishDiagnosticsParams p = new PublishDiagnosticsParams(uri, Diagnostics.of(a.get()));
            p.setVersion(a.get().document().version());
            if (!closed) {
                client.accept(p);
            }
        } catch (RuntimeException | StackOverflowError e) {
            // nothing to publish for this version; the next change tries again
        }
    }

    /**
     * Stops publishing: pending lints are dropped and a running one publishes nothing. The worker is not interrupted:
     * it may be writing to the client's stream, and an interrupt closes an interruptible channel (a pipe) under the
     * whole connection, so the answer to {@code shutdown} would never arrive.
     */
    @Override
    public void close() {
        closed = true;
        pending.values().forEach(f -> f.cancel(false));
        worker.shutdown();
    }
}
