package io.jbuild.lsp;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * Publishes diagnostics before LSP4J's launcher is built: written by hand as LSP4J writes them (the fields
 * {@link Diagnostics} sets), then, once {@link #connect} gave the client, through it. {@link Main} builds the launcher
 * only after the first publication (see {@link #firstPublished()}): building it (reflection over the services,
 * gson's adapters, ~0.15 s of CPU) took the second core from the first document's parse and lint. A publication
 * the hand-written form does not cover waits for the launcher instead.
 */
final class EarlyDiagnostics implements Consumer<PublishDiagnosticsParams> {

    private final OutputStream out;
    private final CompletableFuture<Void> firstPublished = new CompletableFuture<>();
    private final CompletableFuture<LanguageClient> client = new CompletableFuture<>();

    EarlyDiagnostics(OutputStream out) {
        this.out = out;
    }

    /** From now on diagnostics go to {@code c}; returns once a publication being written by hand is out. */
    synchronized void connect(LanguageClient c) {
        client.complete(c);
    }

    /** Completes when the first diagnostics were handed to the client or could not be written by hand. */
    CompletableFuture<Void> firstPublished() {
        return firstPublished;
    }

    @Override
    public void accept(PublishDiagnosticsParams p) {
        synchronized (this) {
            if (!client.isDone()) {
                Optional<JsonObject> json = json(p);
                if (json.isPresent()) {
                    write(json.get());
                    firstPublished.complete(null);
                    return;
                }
            }
        }
        firstPublished.complete(null); // the launcher is needed now
        client.join().publishDiagnostics(p);
    }

    /** The notification as LSP4J writes it; empty when {@code p} has a field this does not write. */
    static Optional<JsonObject> json(PublishDiagnosticsParams p) {
        JsonArray diagnostics = new JsonArray();
        for (Diagnostic d : p.getDiagnostics()) {
            if (d.getTags() != null || d.getRelatedInformation() != null || d.getData() != null
                    || d.getRange() == null || d.getMessage() == null) {
                return Optional.empty();
            }
            JsonObject o = new JsonObject();
            o.add("range", range(d.getRange()));
            if (d.getSeverity() != null) {
                o.addProperty("severity", d.getSeverity().getValue());
            }
            if (d.getCode() != null) {
                if (d.getCode().isLeft()) {
                    o.addProperty("code", d.getCode().getLeft());
                } else {
                    o.addProperty("code", d.getCode().getRight());
                }
            }
            if (d.getCodeDescription() != null) {
                JsonObject href = new JsonObject();
                href.addProperty("href", d.getCodeDescription().getHref());
                o.add("codeDescription", href);
            }
            if (d.getSource() != null) {
                o.addProperty("source", d.getSource());
            }
            o.addProperty("message", d.getMessage());
            diagnostics.add(o);
        }
        JsonObject params = new JsonObject();
        params.addProperty("uri", p.getUri());
        params.add("diagnostics", diagnostics);
        if (p.getVersion() != null) {
            params.addProperty("version", p.getVersion());
        }
        JsonObject m = new JsonObject();
        m.addProperty("jsonrpc", "2.0");
        m.addProperty("method", "textDocument/publishDiagnostics");
        m.add("params", params);
        return Optional.of(m);
    }

    private static JsonObject range(Range r) {
        JsonObject o = new JsonObject();
        o.add("start", position(r.getStart()));
        o.add("end", position(r.getEnd()));
        return o;
    }

    private static JsonObject position(Position p) {
        JsonObject o = new JsonObject();
        o.addProperty("line", p.getLine());
        o.addProperty("character", p.getCharacter());
        return o;
    }

    /** One message, framed as LSP4J frames it, in one write (the stream is the client's, shared with LSP4J later). */
    private void write(JsonObject message) {
        byte[] body = message.toString().getBytes(StandardCharsets.UTF_8);
        byte[] header = ("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[header.length + body.length];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(body, 0, all, header.length, body.length);
        try {
            out.write(all);
            out.flush();
        } catch (IOException e) {
            // the client is gone; LSP4J finds its input ended
        }
    }
}
