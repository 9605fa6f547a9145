package io.jbuild.lsp;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
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
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jbuild-lsp-diagnostics");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Future<?>> pending = new ConcurrentHashMap<>();
    private final Map<String, Long> lastChange = new ConcurrentHashMap<>();

    DiagnosticsPublisher(Documents documents, Consumer<PublishDiagnosticsParams> client, long delayMillis) {
        this.documents = documents;
        this.client = client;
        this.delayMillis = delayMillis;
    }

    /**
     * Lints the document's current version, at once when {@code now} or after a pause, else after the delay; replaces
     * a pending lint.
     */
    void schedule(String uri, boolean now) {
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
            if (d.isEmpty() || a.isEmpty() || !documents.current(uri, a.get().document().version())) {
                return;
            }
            PublishDiagnosticsParams p = new PublishDiagnosticsParams(uri, Diagnostics.of(a.get()));
            p.setVersion(a.get().document().version());
            client.accept(p);
        } catch (RuntimeException | StackOverflowError e) {
            // nothing to publish for this version; the next change tries again
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
