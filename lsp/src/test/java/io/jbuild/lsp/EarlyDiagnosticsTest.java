package io.jbuild.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import io.jbuild.grammar.parser.DockerfileParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.NotificationMessage;
import org.junit.jupiter.api.Test;

/** The first diagnostics, written by hand before LSP4J's launcher is built, are what LSP4J writes. */
class EarlyDiagnosticsTest {

    private final MessageJsonHandler lsp4j = new MessageJsonHandler(Map.of());

    @Test
    void theDiagnosticsOfTheRepositorysDockerfilesAreTheJsonLsp4jWrites() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of("..", "testdata"))) {
            files = s.filter(p -> p.getFileName().toString().contains("ockerfile") && Files.isRegularFile(p)).toList();
        }
        assertThat(files).hasSizeGreaterThan(50);
        int diagnostics = 0;
        for (Path f : files) {
            TextDocument d = new TextDocument(f.toUri().toString(), 3,
                    DockerfileParser.decode(Files.readAllBytes(f)) + "\nrun echo \"é😀\\\\\" ${UNDEFINED}\n");
            PublishDiagnosticsParams p = new PublishDiagnosticsParams(d.uri(),
                    Diagnostics.of(Analysis.of(d, ServerSettings.NONE)));
            p.setVersion(d.version());
            diagnostics += p.getDiagnostics().size();
            assertThat(EarlyDiagnostics.json(p)).as("%s", f)
                    .contains(JsonParser.parseString(lsp4j.serialize(notification(p))).getAsJsonObject());
        }
        assertThat(diagnostics).isGreaterThan(files.size());
    }

    @Test
    void withoutAVersionOrADiagnosticItIsTheJsonLsp4jWrites() {
        PublishDiagnosticsParams p = new PublishDiagnosticsParams("untitled:x", List.of());
        assertThat(EarlyDiagnostics.json(p))
                .contains(JsonParser.parseString(lsp4j.serialize(notification(p))).getAsJsonObject());
    }

    @Test
    void aPublicationWithFieldsItDoesNotWriteWaitsForTheClient() {
        Range r = new Range(new Position(0, 0), new Position(0, 1));
        Diagnostic d = new Diagnostic(r, "x");
        d.setRelatedInformation(List.of(new DiagnosticRelatedInformation(new Location("file:///a", r), "y")));
        PublishDiagnosticsParams p = new PublishDiagnosticsParams("file:///a", List.of(d));
        assertThat(EarlyDiagnostics.json(p)).isEmpty();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EarlyDiagnostics early = new EarlyDiagnostics(out);
        CompletableFuture<PublishDiagnosticsParams> received = new CompletableFuture<>();
        CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> early.accept(p));
        // it asks for the launcher, and hands the publication to the client it connects
        assertThat(early.firstPublished()).succeedsWithin(Duration.ofSeconds(5));
        assertThat(accepted).isNotDone();
        early.connect(new QuietClient() {
            @Override
            public void publishDiagnostics(PublishDiagnosticsParams diagnostics) {
                received.complete(diagnostics);
            }
        });
        assertThat(received).succeedsWithin(Duration.ofSeconds(5)).isSameAs(p);
        assertThat(accepted).succeedsWithin(Duration.ofSeconds(5));
        assertThat(out.size()).isZero();
    }

    private static NotificationMessage notification(PublishDiagnosticsParams p) {
        NotificationMessage m = new NotificationMessage();
        m.setJsonrpc("2.0");
        m.setMethod("textDocument/publishDiagnostics");
        m.setParams(p);
        return m;
    }
}
