package io.jbuild.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
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
    void aChangeAfterThePreviousOnesDiagnosticsIsLintedAtOnceEvenWithinTheDelay() throws InterruptedException {
        try (DiagnosticsPublisher p = new DiagnosticsPublisher(documents, published::add, DELAY)) {
            // the linter's classes loaded before the timed part
            documents.put(new TextDocument("untitled:warm-up", 1, "FROM debian:12\n"));
            p.schedule("untitled:warm-up", true);
            assertThat(published.poll(20, TimeUnit.SECONDS)).isNotNull();
            long sent = System.nanoTime();
            change(p, 1, false);
            assertThat(next(DELAY - 300)).isEqualTo(1);
            // as an editor's next key after the diagnostics came, well within DELAY of the change before
            change(p, 2, false);
            assertThat(next(DELAY - 300)).isEqualTo(2);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)).isLessThan(DELAY - 300);
            Thread.sleep(DELAY + 200);
            change(p, 3, false); // after a pause: at once as well
            assertThat(next(DELAY - 300)).isEqualTo(3);
        }
    }

    @Test
    void aChangeWhileThePreviousIsStillLintedWaitsForTheNextAndTheLatestWins() throws InterruptedException {
        try (DiagnosticsPublisher p = new DiagnosticsPublisher(documents, published::add, DELAY)) {
            change(p, 1, true);
            assertThat(next(20_000)).isEqualTo(1);
            CountDownLatch linting = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            TextDocument held = new TextDocument(URI, 2, "FROM debian:12\nRUN echo 2\n");
            documents.put(held, () -> {
                linting.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Analysis.of(held, ServerSettings.NONE);
            });
            p.schedule(URI, false); // at once: version 1's lint is done
            assertThat(linting.await(20, TimeUnit.SECONDS)).isTrue();
            change(p, 3, false); // while version 2 is being linted: a burst, waits for the next
            change(p, 4, false);
            release.countDown();
            assertThat(published.poll(DELAY / 2, TimeUnit.MILLISECONDS)).isNull(); // 2 is stale, 4 waits
            assertThat(next(20_000)).isEqualTo(4); // the latest wins; 2 and 3 are never published
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
