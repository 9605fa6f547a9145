package io.jbuild.lsp;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionOptions;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.TextDocumentSyncOptions;

/**
 * What the server answers to {@code initialize}: as LSP4J's objects, and as their JSON written without LSP4J's
 * reflective adapters (for {@link EarlyMessages}, before LSP4J is ready; the test compares the two).
 */
final class Capabilities {

    static final String NAME = "jbuild";
    private static final List<String> COMPLETION_TRIGGERS = List.of("-", "=", "$", "{", ",");

    private Capabilities() {
    }

    static InitializeResult result() {
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
        c.setCompletionProvider(new CompletionOptions(false, COMPLETION_TRIGGERS));
        c.setDefinitionProvider(true);
        c.setReferencesProvider(true);
        return new InitializeResult(c, new ServerInfo(NAME, version()));
    }

    /** The JSON of {@link #result()}. */
    static JsonObject json() {
        JsonObject sync = new JsonObject();
        sync.addProperty("openClose", true);
        sync.addProperty("change", TextDocumentSyncKind.Incremental.ordinal());
        JsonArray triggers = new JsonArray();
        COMPLETION_TRIGGERS.forEach(triggers::add);
        JsonObject completion = new JsonObject();
        completion.addProperty("resolveProvider", false);
        completion.add("triggerCharacters", triggers);
        JsonArray kinds = new JsonArray();
        kinds.add(CodeActionKind.QuickFix);
        JsonObject codeActions = new JsonObject();
        codeActions.add("codeActionKinds", kinds);
        JsonObject c = new JsonObject();
        c.add("textDocumentSync", sync);
        c.addProperty("hoverProvider", true);
        c.add("completionProvider", completion);
        c.addProperty("definitionProvider", true);
        c.addProperty("referencesProvider", true);
        c.addProperty("documentSymbolProvider", true);
        c.add("codeActionProvider", codeActions);
        c.addProperty("documentFormattingProvider", true);
        c.addProperty("foldingRangeProvider", true);
        JsonObject info = new JsonObject();
        info.addProperty("name", NAME);
        info.addProperty("version", version());
        JsonObject result = new JsonObject();
        result.add("capabilities", c);
        result.add("serverInfo", info);
        return result;
    }

    private static String version() {
        String v = Capabilities.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
