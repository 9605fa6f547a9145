package io.jbuild.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client going away is normal: the server says nothing about it on its log (standard error). */
class ClientGoneTest {

    @TempDir
    Path dir;

    @Test
    void diagnosticsForAClientThatStoppedReadingAreDroppedQuietly() throws InterruptedException {
        Logger lsp4j = Logger.getLogger("org.eclipse.lsp4j");
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    logged.add(r.getLevel() + " " + r.getMessage() + " " + r.getThrown());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        lsp4j.addHandler(handler);
        String uri = dir.resolve("Dockerfile").toUri().toString();
        try (LspSession s = new LspSession()) {
            s.initialize(dir, null);
            s.open(uri, "FROM debian:12\nCMD echo hi\n");
            assertThat(s.diagnostics(uri, 1).getDiagnostics()).isNotEmpty();
            s.stopListening();
            // each change's diagnostics go to a closed pipe (a lint after a pause is published at once)
            for (int v = 2; v <= 4; v++) {
                s.change(uri, v, List.of(new TextDocumentContentChangeEvent("FROM debian:12\nCMD echo " + v + "\n")));
                for (int i = 0; i < 10 && logged.isEmpty(); i++) {
                    Thread.sleep(30);
                }
            }
            assertThat(s.disconnect()).isEqualTo(1);
        } finally {
            lsp4j.removeHandler(handler);
        }
        assertThat(logged).isEmpty();
    }
}
