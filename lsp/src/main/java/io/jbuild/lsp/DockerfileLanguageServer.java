package io.jbuild.lsp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionOptions;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.TextDocumentSyncOptions;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * The Dockerfile language server: diagnostics from jbuild's parser and linter, quick fixes, formatting, outline,
 * folding, hover, completion, definitions and references. {@link Main} runs it over stdio.
 */
public final class DockerfileLanguageServer implements LanguageServer, LanguageClientAware {

    /**
     * A change this soon after the previous one is part of a burst (a paste, a multi-cursor edit, fast typing) and its
     * diagnostics wait this long for the next change; one after a longer pause is linted at once. (A fixed 150 ms wait
     * after every change was most of the edit-to-diagnostics time once the linter is compiled.)
     */
    static final long DEFAULT_DELAY_MILLIS = 50;

    private final Documents documents = new Documents();
    private final DockerfileTextService text;
    private final CompletableFuture<Boolean> exited = new CompletableFuture<>();
    private volatile boolean shutdown;

    public DockerfileLanguageServer() {
        this(DEFAULT_DELAY_MILLIS);
    }

    DockerfileLanguageServer(long delayMillis) {
        this.text = new DockerfileTextService(documents, delayMillis);
    }

    @Override
    public void connect(LanguageClient client) {
        text.connect(client);
    }

    @Override
    public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
        List<Path> roots = new ArrayList<>();
        if (params.getWorkspaceFolders() != null) {
            for (WorkspaceFolder f : params.getWorkspaceFolders()) {
                Analysis.path(f.getUri()).ifPresent(roots::add);
            }
        }
        @SuppressWarnings("deprecation") // the root URI is what clients without workspace folders send (Neovim 0.7)
        String root = params.getRootUri();
        if (roots.isEmpty() && root != null) {
            Analysis.path(root).ifPresent(roots::add);
        }
        documents.settings(ServerSettings.from(params.getInitializationOptions(), roots));

        ServerCapabilities c = new ServerCapabilities();
        TextDocumentSyncOptions sync = new TextDocumentSyncOptions();
        sync.setOpenClose(true);
        sync.setChange(TextDocumentSyncKind.Incremental);
        c.setTextDocumentSync(sync);
        c.setCodeActionProvider(new CodeActionOptions(List.of(CodeActionKind.QuickFix)));
        c.setDocumentFormattingProvider(true);
        c.setDocumentSymbolProvider(true);
        c.setFoldingRangeProvider(true);
        c.setHoverProvider(true);
        c.setCompletionProvider(new CompletionOptions(false, List.of("-", "=", "$", "{", ",")));
        c.setDefinitionProvider(true);
        c.setReferencesProvider(true);
        return CompletableFuture.completedFuture(new InitializeResult(c, new ServerInfo("jbuild", version())));
    }

    private static String version() {
        String v = DockerfileLanguageServer.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public CompletableFuture<Object> shutdown() {
        shutdown = true;
        text.close();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void exit() {
        text.close();
        exited.complete(shutdown);
    }

    /** True once the client has opened a document (and until it closes the last). */
    boolean anyOpen() {
        return documents.anyOpen();
    }

    /** Completes at the client's {@code exit} notification: true when it had asked for a shutdown first. */
    CompletableFuture<Boolean> exited() {
        return exited;
    }

    @Override
    public TextDocumentService getTextDocumentService() {
        return text;
    }

    @Override
    public WorkspaceService getWorkspaceService() {
        return new NoWorkspaceService();
    }

    /** Workspace notifications change nothing: configuration is read again at every lint. */
    private static final class NoWorkspaceService implements WorkspaceService {
        @Override
        public void didChangeConfiguration(DidChangeConfigurationParams params) {
        }

        @Override
        public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {
        }
    }
}
