package io.jbuild.lsp;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.FoldingRange;
import org.eclipse.lsp4j.FoldingRangeRequestParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.TextDocumentService;

/**
 * The document requests. Notifications update {@link Documents} in order on the protocol thread (cheap); linting and
 * every request's work run on worker threads against the version current when the request came, and a request that
 * fails on some text answers with nothing rather than an error.
 */
final class DockerfileTextService implements TextDocumentService, AutoCloseable {

    private final Documents documents;
    private final long delayMillis;
    private final ImageNames images;
    private final ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "jbuild-lsp-requests");
        t.setDaemon(true);
        return t;
    });
    private volatile DiagnosticsPublisher publisher;

    DockerfileTextService(Documents documents, long delayMillis, ImageNames images) {
        this.documents = documents;
        this.delayMillis = delayMillis;
        this.images = images;
    }

    /**
     * Connects the client; documents opened before (see {@link EarlyMessages}) are published now. Diagnostics already
     * going to {@link #publishTo} go on there.
     */
    void connect(LanguageClient client) {
        if (publisher == null) {
            publishTo(client::publishDiagnostics);
        }
    }

    /** Publishes diagnostics to {@code client} from now on (before {@link #connect}: see {@link EarlyDiagnostics}). */
    void publishTo(Consumer<PublishDiagnosticsParams> client) {
        DiagnosticsPublisher p = new DiagnosticsPublisher(documents, client, delayMillis);
        publisher = p;
        documents.uris().forEach(uri -> p.schedule(uri, true));
    }

    @Override
    public void didOpen(DidOpenTextDocumentParams params) {
        String uri = params.getTextDocument().getUri();
        String text = params.getTextDocument().getText();
        documents.put(new TextDocument(uri, params.getTextDocument().getVersion(), text == null ? "" : text));
        DiagnosticsPublisher p = publisher;
        if (p != null) {
            p.schedule(uri, true);
        } else {
            // not connected yet: the lint starts now, and connect publishes it
            workers.execute(() -> {
                try {
                    documents.analysis(uri);
                } catch (RuntimeException | StackOverflowError e) {
                    // the publisher tries again, and publishes nothing for this version if it fails again
                }
            });
        }
    }

    @Override
    public void didChange(DidChangeTextDocumentParams params) {
        String uri = params.getTextDocument().getUri();
        Optional<TextDocument> d = documents.document(uri);
        if (d.isEmpty() || params.getContentChanges() == null) {
            return;
        }
        Integer version = params.getTextDocument().getVersion();
        documents.put(d.get().apply(version == null ? d.get().version() + 1 : version, params.getContentChanges()));
        if (publisher != null) {
            publisher.schedule(uri, false);
        }
    }

    @Override
    public void didClose(DidCloseTextDocumentParams params) {
        String uri = params.getTextDocument().getUri();
        documents.remove(uri);
        if (publisher != null) {
            publisher.clear(uri);
        }
    }

    @Override
    public void didSave(DidSaveTextDocumentParams params) {
        // a configuration file beside it may have changed too: lint again
        relint(params.getTextDocument().getUri());
    }

    /** Lints every open document again: what it reads besides its text (configuration, settings) changed. */
    void relintAll() {
        documents.uris().forEach(this::relint);
    }

    /** A fresh analysis of the document's current version, with the settings of now, and its diagnostics. */
    private void relint(String uri) {
        Optional<TextDocument> d = documents.document(uri);
        if (d.isPresent()) {
            documents.put(d.get());
            if (publisher != null) {
                publisher.schedule(uri, true);
            }
        }
    }

    @Override
    public CompletableFuture<List<Either<Command, CodeAction>>> codeAction(CodeActionParams params) {
        List<String> only = params.getContext() == null ? null : params.getContext().getOnly();
        if (only != null && only.stream().noneMatch(k -> CodeActionKind.QuickFix.startsWith(k))) {
            return CompletableFuture.completedFuture(List.of()); // quick fixes are all this server has
        }
        return answer(params.getTextDocument().getUri(), a -> CodeActions.of(a, params.getRange()), List::of);
    }

    @Override
    public CompletableFuture<List<? extends TextEdit>> formatting(DocumentFormattingParams params) {
        return answer(params.getTextDocument().getUri(), Formatter::edits, List::of);
    }

    @Override
    public CompletableFuture<List<Either<SymbolInformation, DocumentSymbol>>> documentSymbol(DocumentSymbolParams params) {
        return answer(params.getTextDocument().getUri(), Outline::symbols, List::of);
    }

    @Override
    public CompletableFuture<List<FoldingRange>> foldingRange(FoldingRangeRequestParams params) {
        return answer(params.getTextDocument().getUri(), Outline::folding, List::of);
    }

    @Override
    public CompletableFuture<Hover> hover(HoverParams params) {
        return answer(params.getTextDocument().getUri(), a -> Hovers.at(a, params.getPosition()).orElse(null), () -> null);
    }

    @Override
    public CompletableFuture<Either<List<CompletionItem>, CompletionList>> completion(CompletionParams params) {
        return answer(params.getTextDocument().getUri(),
                a -> Either.forRight(new CompletionList(false, Completions.at(a, params.getPosition(), images))),
                () -> Either.forLeft(List.of()));
    }

    @Override
    public CompletableFuture<Either<List<? extends Location>, List<? extends LocationLink>>> definition(
            DefinitionParams params) {
        return answer(params.getTextDocument().getUri(),
                a -> Either.forLeft(Navigation.definition(a, params.getPosition())), () -> Either.forLeft(List.of()));
    }

    @Override
    public CompletableFuture<List<? extends Location>> references(ReferenceParams params) {
        boolean declaration = params.getContext() == null || params.getContext().isIncludeDeclaration();
        return answer(params.getTextDocument().getUri(),
                a -> Navigation.references(a, params.getPosition(), declaration), List::of);
    }

    /** Works out an answer on a worker from the analysis of the version current now; {@code none} when it fails. */
    private <T> CompletableFuture<T> answer(String uri, Function<Analysis, T> work, Supplier<T> none) {
        Optional<TextDocument> d = documents.document(uri);
        if (d.isEmpty()) {
            return CompletableFuture.completedFuture(none.get());
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                Optional<Analysis> a = documents.analysis(uri);
                // the version this request was made against (a later one would answer with other positions)
                if (a.isEmpty() || a.get().document().version() != d.get().version()) {
                    return none.get();
                }
                // one request at a time per analysis: the linter's context computes parts of itself lazily
                synchronized (a.get()) {
                    return work.apply(a.get());
                }
            } catch (RuntimeException | StackOverflowError e) {
                return none.get();
            }
        }, workers);
    }

    /** Ends the workers without interrupting them: a worker completing a request writes its answer to the client. */
    @Override
    public void close() {
        if (publisher != null) {
            publisher.close();
        }
        workers.shutdown();
    }
}
