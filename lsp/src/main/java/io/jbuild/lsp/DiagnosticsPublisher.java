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
 * Lints off the protocol thread and publishes. A change is linted at once (as the node server does: typing gets each
 * key's diagnostics without a wait) unless it is part of a burst (a paste, a multi-cursor edit, keys faster than the
 * lint): it comes within {@code delay} of the previous change while that change's lint has not ended yet; then it
 * waits {@code delay} for the next. (Measured from the previous change alone, a quick lint made the next key wait:
 * an edit sent as soon as the previous diagnostics came waited the whole delay.) The latest text wins: a pending lint
 * is replaced by the next change's, and a lint whose version is no longer current when it ends is not published.
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
    /** Per document, the number of the latest lint scheduled, and of the latest that ended (published or not). */
    private final Map<String, Long> scheduled = new ConcurrentHashMap<>();
    private final Map<String, Long> ended = new ConcurrentHashMap<>();
    private long lints;

    DiagnosticsPublisher(Documents documents, Consumer<PublishDiagnosticsParams> client, long delayMillis) {
        this.documents = documents;
        this.client = client;
        this.delayMillis = delayMillis;
        worker.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * Lints the document's current version, at once when {@code now} or outside a burst, else after the delay;
     * replaces a pending lint.
     */
    synchronized void schedule(String uri, boolean now) {
        if (closed) {
            return; // a client that goes on after shutdown gets nothing more
        }
        long t = System.nanoTime();
        Long previous = lastChange.put(uri, t);
        Long last = scheduled.get(uri);
        boolean burst = previous != null && t - previous < TimeUnit.MILLISECONDS.toNanos(delayMillis)
                && last != null && !last.equals(ended.get(uri));
        long lint = ++lints;
        scheduled.put(uri, lint);
        Future<?> before = pending.put(uri, worker.schedule(() -> publish(uri, lint), now || !burst ? 0 : delayMillis,
                TimeUnit.MILLISECONDS));
        if (before != null) {
            before.cancel(false);
        }
    }

    /** The document was closed: its diagnostics go away. */
    synchronized void clear(String uri) {
        if (closed) {
            return;
        }
        lastChange.remove(uri);
        scheduled.remove(uri);
        ended.remove(uri);
        Future<?> before = pending.remove(uri);
        if (before != null) {
            before.cancel(false);
        }
        worker.execute(() -> client.accept(new PublishDiagnosticsParams(uri, List.of())));
    }

    private void publish(String uri, long lint) {
        PublishDiagnosticsParams p = null;
        try {
            Optional<TextDocument> d = documents.document(uri);
            Optional<Analysis> a = documents.analysis(uri);
            if (!closed && d.isPresent() && a.isPresent() && documents.current(uri, a.get().document().version())) {
                p = new PublishDiagnosticsParams(uri, Diagnostics.of(a.get()));
                p.setVersion(a.get().document().version());
            }
        } catch (RuntimeException | StackOverflowError e) {
            // nothing to publish for this version; the next change tries again
        }
        // ended before the client hears of it: its next change may come as soon as it has
        ended.merge(uri, lint, Math::max);
        if (p != null && !closed) {
            client.accept(p);
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
