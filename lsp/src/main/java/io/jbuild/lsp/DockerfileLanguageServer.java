package io.jbuild.lsp;

import com.google.gson.JsonObject;
import io.jbuild.grammar.ignore.IgnoreFile;
import io.jbuild.grammar.lint.LintConfig;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesRegistrationOptions;
import org.eclipse.lsp4j.FileSystemWatcher;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.Registration;
import org.eclipse.lsp4j.RegistrationParams;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
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

    /** The id of the registration of the watchers of configuration files. */
    static final String WATCH_ID = "jbuild-lint-files";

    private final Documents documents = new Documents();
    private final DockerfileTextService text;
    private final CompletableFuture<Boolean> exited = new CompletableFuture<>();
    private final CompletableFuture<Void> initializeCalled = new CompletableFuture<>();
    private volatile boolean shutdown;
    private volatile LanguageClient client;
    private volatile EarlyDiagnostics early;
    private volatile boolean watchDynamically;
    private boolean initializedBeforeConnect;
    private volatile List<Path> workspaces = List.of();
    private final WorkspaceService workspace = new Workspace();

    public DockerfileLanguageServer() {
        this(ImageNames.NONE);
    }

    /** A server that completes image names from {@code images}. */
    public DockerfileLanguageServer(ImageNames images) {
        this(DEFAULT_DELAY_MILLIS, images);
    }

    DockerfileLanguageServer(long delayMillis, ImageNames images) {
        this.text = new DockerfileTextService(documents, delayMillis, images);
    }

    /**
     * Diagnostics are published from now on, by hand on {@code out} until {@link #connect} (see
     * {@link EarlyDiagnostics}); returns what tells of the first publication.
     */
    EarlyDiagnostics publishEarly(OutputStream out) {
        EarlyDiagnostics e = new EarlyDiagnostics(out);
        early = e;
        text.publishTo(e);
        return e;
    }

    /** Connects the client; an {@code initialized} that came before (see {@link EarlyMessages}) registers now. */
    @Override
    public void connect(LanguageClient client) {
        boolean register;
        synchronized (this) {
            this.client = client;
            register = initializedBeforeConnect;
        }
        EarlyDiagnostics e = early;
        if (e != null) {
            e.connect(client);
        }
        text.connect(client);
        if (register) {
            register(client);
        }
    }

    /**
     * Reads the workspace folders, the root URI, the initialization options and whether the client registers file
     * watchers dynamically, nothing else: {@link EarlyMessages} makes the parameters by hand with just those (a field
     * read here must be made there too).
     */
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
        workspaces = List.copyOf(roots);
        documents.settings(ServerSettings.from(params.getInitializationOptions(), roots));
        watchDynamically = params.getCapabilities() != null && params.getCapabilities().getWorkspace() != null
                && params.getCapabilities().getWorkspace().getDidChangeWatchedFiles() != null
                && Boolean.TRUE.equals(params.getCapabilities().getWorkspace().getDidChangeWatchedFiles()
                .getDynamicRegistration());

        initializeCalled.complete(null);
        return CompletableFuture.completedFuture(Capabilities.result());
    }

    /**
     * Asks a client that can watch files for the client to tell of changes to the files the lint reads besides the
     * Dockerfile (the configuration files and {@code .dockerignore}), edited in the editor or not, so that open
     * documents are linted again without a save. (The answer is not waited for: a client that refuses changes
     * nothing.)
     */
    @Override
    public void initialized(InitializedParams params) {
        LanguageClient c;
        synchronized (this) {
            c = client;
            initializedBeforeConnect = c == null;
        }
        if (c != null) {
            register(c);
        }
    }

    private void register(LanguageClient c) {
        if (!watchDynamically) {
            return;
        }
        List<FileSystemWatcher> watchers = new ArrayList<>();
        for (String name : LintConfig.FILE_NAMES) {
            watchers.add(new FileSystemWatcher(Either.forLeft("**/" + name)));
        }
        watchers.add(new FileSystemWatcher(Either.forLeft("**/" + IgnoreFile.FILE_NAME)));
        documents.settings().config().ifPresent(f -> watchers.add(
                new FileSystemWatcher(Either.forLeft(f.toAbsolutePath().toString()))));
        c.registerCapability(new RegistrationParams(List.of(new Registration(WATCH_ID,
                "workspace/didChangeWatchedFiles", new DidChangeWatchedFilesRegistrationOptions(watchers)))));
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

    /** Completes once {@code initialize} has been handled. */
    CompletableFuture<Void> initializeCalled() {
        return initializeCalled;
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
        return workspace;
    }

    /**
     * A configuration file or {@code .dockerignore} changed (the client watches them, see {@link #initialized}), or
     * the client's settings did: every open document is linted again.
     */
    private final class Workspace implements WorkspaceService {
        /**
         * The settings as in {@code initializationOptions}, or under a {@code "jbuild"} key (how clients that keep
         * one settings object for all servers send them), replace those of initialize. Settings without either
         * key change nothing: some clients send their (empty) settings once at start.
         */
        @Override
        public void didChangeConfiguration(DidChangeConfigurationParams params) {
            if (!(params.getSettings() instanceof JsonObject o)) {
                return;
            }
            JsonObject own = o.get("jbuild") instanceof JsonObject j ? j : o;
            if (!own.has("config") && !own.has("buildArgs")) {
                return;
            }
            documents.settings(ServerSettings.from(own, workspaces));
            text.relintAll();
        }

        @Override
        public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {
            text.relintAll();
        }
    }
}
