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
 * Lints off the protocol thread and publishes: a change waits {@code delay} for the next one (typing sends one per
 * key), and the latest text wins: a lint whose version is no longer current when it ends is not published.
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

    DiagnosticsPublisher(Documents documents, Consumer<PublishDiagnosticsParams> client, long delayMillis) {
        this.documents = documents;
        this.client = client;
        this.delayMillis = delayMillis;
    }

    /** Lints the document's current version after the delay (at once when {@code now}), replacing a pending lint. */
    void schedule(String uri, boolean now) {
        Future<?> f = worker.schedule(() -> publish(uri), now ? 0 : delayMillis, TimeUnit.MILLISECONDS);
        Future<?> before = pending.put(uri, f);
        if (before != null) {
            before.cancel(false);
        }
    }

    /** The document was closed: its diagnostics go away. */
    void clear(String uri) {
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
