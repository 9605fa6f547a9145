package io.jbuild.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.junit.jupiter.api.Test;

class DiagnosticsPublisherTest {

    private static final String URI = "untitled:Dockerfile";
    private static final long DELAY = 1000;

    private final Documents documents = new Documents();
    private final BlockingQueue<PublishDiagnosticsParams> published = new LinkedBlockingQueue<>();

    @Test
    void aChangeAfterAPauseIsLintedAtOnceAndABurstWaitsForTheNext() throws InterruptedException {
        try (DiagnosticsPublisher p = new DiagnosticsPublisher(documents, published::add, DELAY)) {
            change(p, 1, true); // opened: at once (and the linter's classes loaded before the timed part)
            assertThat(next(20_000)).isEqualTo(1);
            Thread.sleep(DELAY + 200);
            long sent = System.nanoTime();
            change(p, 2, false); // after a pause: at once, not after DELAY
            assertThat(next(DELAY - 300)).isEqualTo(2);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)).isLessThan(DELAY - 300);
            change(p, 3, false); // within DELAY of the previous change: waits for the next one
            change(p, 4, false);
            assertThat(published.poll(DELAY / 2, TimeUnit.MILLISECONDS)).isNull();
            assertThat(next(20_000)).isEqualTo(4); // the latest wins; 3 is never published
            assertThat(published.poll(DELAY / 2, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    private void change(DiagnosticsPublisher p, int version, boolean now) {
        documents.put(new TextDocument(URI, version, "FROM debian:12\nRUN echo " + version + "\n"));
        p.schedule(URI, now);
    }

    private Integer next(long millis) throws InterruptedException {
        PublishDiagnosticsParams d = published.poll(millis, TimeUnit.MILLISECONDS);
        assertThat(d).as("diagnostics within %d ms", millis).isNotNull();
        return d.getVersion();
    }
}
