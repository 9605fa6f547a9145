package io.jbuild.lsp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Registration;
import org.eclipse.lsp4j.RegistrationParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * A client talking to the server over piped streams through LSP4J's launchers, as an editor would over stdio: every
 * message is serialized to JSON-RPC and read back.
 */
final class LspSession implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);

    private final BlockingQueue<PublishDiagnosticsParams> diagnostics = new LinkedBlockingQueue<>();
    private final BlockingQueue<Registration> registrations = new LinkedBlockingQueue<>();
    private final LanguageServer server;
    private final CompletableFuture<Integer> exitCode;
    private final Future<Void> clientListening;
    private final OutputStream toServer;

    LspSession() {
        try {
            // NIO pipes: java.io's piped streams break when a thread that wrote to them ends
            Pipe up = Pipe.open();
            Pipe down = Pipe.open();
            InputStream serverIn = Channels.newInputStream(up.source());
            toServer = Channels.newOutputStream(up.sink());
            InputStream clientIn = Channels.newInputStream(down.source());
            OutputStream fromServer = Channels.newOutputStream(down.sink());
            exitCode = CompletableFuture.supplyAsync(() -> Main.run(serverIn, fromServer));
            Launcher<LanguageServer> client = LSPLauncher.createClientLauncher(new Client(), clientIn, toServer);
            server = client.getRemoteProxy();
            clientListening = client.startListening();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    LanguageServer server() {
        return server;
    }

    InitializeResult initialize(Path workspace, Object options) {
        return initialize(workspace, options, new ClientCapabilities());
    }

    InitializeResult initialize(Path workspace, Object options, ClientCapabilities capabilities) {
        InitializeParams p = new InitializeParams();
        p.setCapabilities(capabilities);
        if (workspace != null) {
            p.setWorkspaceFolders(List.of(new WorkspaceFolder(workspace.toUri().toString(), "ws")));
        }
        p.setInitializationOptions(options);
        InitializeResult r = get(server.initialize(p));
        server.initialized(new InitializedParams());
        return r;
    }

    void open(String uri, String text) {
        server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(
                new TextDocumentItem(uri, "dockerfile", 1, text)));
    }

    void change(String uri, int version, List<TextDocumentContentChangeEvent> changes) {
        server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(uri, version), changes));
    }

    /** The next diagnostics published for {@code uri} with {@code version} (earlier ones are skipped). */
    PublishDiagnosticsParams diagnostics(String uri, int version) {
        List<PublishDiagnosticsParams> all = until(uri, version);
        return all.get(all.size() - 1);
    }

    /** The diagnostics published for {@code uri}, up to and including those of {@code version}. */
    List<PublishDiagnosticsParams> until(String uri, int version) {
        List<PublishDiagnosticsParams> seen = new ArrayList<>();
        long end = System.nanoTime() + WAIT.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            PublishDiagnosticsParams p;
            try {
                p = diagnostics.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (p == null) {
                throw new AssertionError("no diagnostics for " + uri + " version " + version + " within " + WAIT);
            }
            if (p.getUri().equals(uri)) {
                seen.add(p);
                if (p.getVersion() != null && p.getVersion() == version) {
                    return seen;
                }
            }
        }
    }

    /** What the server registered with the client so far (client/registerCapability). */
    List<Registration> registrations() {
        return List.copyOf(registrations);
    }

    /** Diagnostics published so far and not yet taken. */
    List<PublishDiagnosticsParams> drain() {
        List<PublishDiagnosticsParams> out = new ArrayList<>();
        diagnostics.drainTo(out);
        return out;
    }

    static <T> T get(CompletableFuture<T> f) {
        try {
            return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    /** Shuts the server down as a client does; returns its exit code. */
    int shutdown() {
        get(server.shutdown());
        server.exit();
        return get(exitCode);
    }

    /** Stops reading what the server sends and closes that stream, as a client going away does first. */
    void stopListening() {
        clientListening.cancel(true);
    }

    /** Closes the stream to the server, as a client that dies does; returns the server's exit code. */
    int disconnect() {
        try {
            toServer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return get(exitCode);
    }

    /** {@code text} with LSP edits applied (non-overlapping, positions in the original text). */
    static String apply(String text, List<? extends TextEdit> edits) {
        LineMap lines = LineMap.of(text);
        List<TextEdit> sorted = new ArrayList<>(edits);
        sorted.sort((x, y) -> Integer.compare(lines.offset(y.getRange().getStart()), lines.offset(x.getRange().getStart())));
        StringBuilder out = new StringBuilder(text);
        for (TextEdit e : sorted) {
            out.replace(lines.offset(e.getRange().getStart()), lines.offset(e.getRange().getEnd()), e.getNewText());
        }
        return out.toString();
    }

    @Override
    public void close() {
        clientListening.cancel(true);
        try {
            toServer.close();
        } catch (IOException e) {
            // already closed
        }
        exitCode.completeExceptionally(new IllegalStateException("closed"));
    }

    private final class Client extends QuietClient {
        @Override
        public void publishDiagnostics(PublishDiagnosticsParams p) {
            diagnostics.add(p);
        }

        @Override
        public CompletableFuture<Void> registerCapability(RegistrationParams params) {
            registrations.addAll(params.getRegistrations());
            return CompletableFuture.completedFuture(null);
        }
    }
}
