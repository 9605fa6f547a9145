package io.jbuild.lsp;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DidChangeWatchedFilesCapabilities;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceFolder;

/**
 * The first messages of a session, served while LSP4J's launcher is still being built on another thread (its
 * reflection over the service interfaces and its JSON adapters took ~0.15 s of a quiet start, before the answer to
 * {@code initialize} and so before the client could open a document): {@code initialize} is answered,
 * {@code initialized} is handed to the server, and {@code textDocument/didOpen} starts the document's lint at once.
 * They are read as JSON trees and their parameters made by hand, the answer written from {@link Capabilities#json()}:
 * LSP4J's reflective adapters for the client's capabilities and the server's took as long as the launcher. The first
 * other message, or one that is not of the form expected, ends this and goes to LSP4J as it came, with the rest of
 * the stream, so the order of everything the server handles is the client's.
 */
final class EarlyMessages {

    private static final int MAX_HEADER = 8192;

    private final DockerfileLanguageServer server;
    private final OutputStream out;
    private boolean initialized;

    EarlyMessages(DockerfileLanguageServer server, OutputStream out) {
        this.server = server;
        this.out = out;
    }

    /**
     * Serves messages from {@code in} while they are of the three; returns the stream LSP4J is to read: the first
     * message not served here, as it came, then the rest of {@code in}.
     */
    InputStream serve(InputStream in) {
        while (true) {
            Frame f = Frame.read(in);
            boolean handled;
            try {
                handled = f.body().isPresent() && handled(f.body().get());
            } catch (RuntimeException e) {
                handled = false; // LSP4J handles it again (each of the three may be handled twice) and answers
            }
            if (!handled) {
                return f.raw().length == 0 ? in : new SequenceInputStream(new ByteArrayInputStream(f.raw()), in);
            }
        }
    }

    /** Handles one message's body; false (having done nothing) when LSP4J is to have it. */
    private boolean handled(String body) {
        JsonObject m;
        try {
            JsonElement e = JsonParser.parseString(body);
            if (!e.isJsonObject()) {
                return false;
            }
            m = e.getAsJsonObject();
        } catch (RuntimeException e) {
            return false; // LSP4J answers with the error it finds
        }
        String method = string(m, "method").orElse("");
        JsonElement id = m.get("id");
        Optional<JsonObject> params = object(m, "params");
        if (!initialized && method.equals("initialize") && id != null && id.isJsonPrimitive() && params.isPresent()) {
            InitializeParams p;
            try {
                p = initializeParams(params.get());
            } catch (RuntimeException e) {
                return false;
            }
            server.initialize(p).join();
            JsonObject answer = new JsonObject();
            answer.addProperty("jsonrpc", "2.0");
            answer.add("id", id);
            answer.add("result", Capabilities.json());
            write(answer);
            initialized = true;
            return true;
        }
        if (!initialized || id != null) {
            return false;
        }
        if (method.equals("initialized")) {
            server.initialized(new InitializedParams());
            return true;
        }
        Optional<JsonObject> item = params.flatMap(o -> object(o, "textDocument"));
        if (method.equals("textDocument/didOpen") && item.isPresent()) {
            Optional<String> uri = string(item.get(), "uri");
            Optional<String> text = string(item.get(), "text");
            JsonElement version = item.get().get("version");
            if (uri.isEmpty() || text.isEmpty() || version == null || !version.isJsonPrimitive()
                    || !version.getAsJsonPrimitive().isNumber()) {
                return false;
            }
            server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri.get(),
                    string(item.get(), "languageId").orElse(null), version.getAsInt(), text.get())));
            return true;
        }
        return false;
    }

    /**
     * What {@link DockerfileLanguageServer#initialize} reads of the parameters (workspace folders, root URI,
     * initialization options, whether the client registers file watchers dynamically), as LSP4J would make them.
     */
    private static InitializeParams initializeParams(JsonObject o) {
        InitializeParams p = new InitializeParams();
        JsonElement folders = o.get("workspaceFolders");
        if (folders != null && folders.isJsonArray()) {
            List<WorkspaceFolder> list = new ArrayList<>();
            for (JsonElement f : folders.getAsJsonArray()) {
                if (f.isJsonObject()) {
                    WorkspaceFolder w = new WorkspaceFolder();
                    string(f.getAsJsonObject(), "uri").ifPresent(w::setUri);
                    string(f.getAsJsonObject(), "name").ifPresent(w::setName);
                    list.add(w);
                }
            }
            p.setWorkspaceFolders(list);
        }
        setRootUri(p, string(o, "rootUri").orElse(null));
        JsonElement options = o.get("initializationOptions");
        if (options != null && !options.isJsonNull()) {
            p.setInitializationOptions(options);
        }
        ClientCapabilities capabilities = new ClientCapabilities();
        Optional<JsonElement> dynamic = object(o, "capabilities").flatMap(c -> object(c, "workspace"))
                .flatMap(w -> object(w, "didChangeWatchedFiles")).map(d -> d.get("dynamicRegistration"));
        if (dynamic.isPresent() && dynamic.get().isJsonPrimitive()) {
            WorkspaceClientCapabilities w = new WorkspaceClientCapabilities();
            w.setDidChangeWatchedFiles(new DidChangeWatchedFilesCapabilities(dynamic.get().getAsBoolean()));
            capabilities.setWorkspace(w);
        }
        p.setCapabilities(capabilities);
        return p;
    }

    @SuppressWarnings("deprecation") // the root URI is what clients without workspace folders send (Neovim 0.7)
    private static void setRootUri(InitializeParams p, String uri) {
        p.setRootUri(uri);
    }

    private static Optional<String> string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()
                ? Optional.of(e.getAsString()) : Optional.empty();
    }

    private static Optional<JsonObject> object(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonObject() ? Optional.of(e.getAsJsonObject()) : Optional.empty();
    }

    /** One message, framed as LSP4J frames it. */
    private void write(JsonObject message) {
        byte[] body = message.toString().getBytes(StandardCharsets.UTF_8);
        byte[] header = ("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        try {
            out.write(header);
            out.write(body);
            out.flush();
        } catch (IOException e) {
            // the client is gone; LSP4J finds its input ended
        }
    }

    /**
     * One message as read: its bytes, and its body when it is a whole message with a {@code Content-Length} (and no
     * charset but UTF-8). At the end of the stream, or on a header this does not take, the body is empty and the bytes
     * are what was read.
     */
    record Frame(byte[] raw, Optional<String> body) {

        static Frame read(InputStream in) {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            int length = -1;
            boolean utf8 = true;
            try {
                StringBuilder line = new StringBuilder();
                while (true) {
                    int b = in.read();
                    if (b < 0) {
                        return new Frame(raw.toByteArray(), Optional.empty());
                    }
                    raw.write(b);
                    if (raw.size() > MAX_HEADER) {
                        return new Frame(raw.toByteArray(), Optional.empty());
                    }
                    if (b == '\r') {
                        continue;
                    }
                    if (b != '\n') {
                        line.append((char) b);
                        continue;
                    }
                    if (line.length() == 0) {
                        break;
                    }
                    String h = line.toString().toLowerCase(Locale.ROOT);
                    line.setLength(0);
                    int colon = h.indexOf(':');
                    String value = colon < 0 ? "" : h.substring(colon + 1).trim();
                    if (h.startsWith("content-length:")) {
                        try {
                            length = Integer.parseInt(value);
                        } catch (NumberFormatException e) {
                            length = -1;
                        }
                    } else if (h.startsWith("content-type:") && value.contains("charset=")
                            && !value.contains("charset=utf-8") && !value.contains("charset=\"utf-8\"")) {
                        utf8 = false;
                    }
                }
                if (length < 0 || !utf8) {
                    return new Frame(raw.toByteArray(), Optional.empty());
                }
                byte[] body = in.readNBytes(length);
                raw.write(body);
                return new Frame(raw.toByteArray(), body.length == length
                        ? Optional.of(new String(body, StandardCharsets.UTF_8)) : Optional.empty());
            } catch (IOException e) {
                // LSP4J meets the same broken stream and ends the session
                return new Frame(raw.toByteArray(), Optional.empty());
            }
        }
    }
}
