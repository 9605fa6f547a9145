package io.jbuild.lsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import com.google.gson.Gson;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesCapabilities;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.FileChangeType;
import org.eclipse.lsp4j.FileEvent;
import org.eclipse.lsp4j.FoldingRange;
import org.eclipse.lsp4j.FoldingRangeRequestParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server through the protocol: JSON-RPC over pipes, as an editor speaks it. */
class DockerfileLanguageServerTest {

    @TempDir
    Path dir;

    private LspSession session;
    private String uri;

    @BeforeEach
    void start() {
        session = new LspSession();
        uri = dir.resolve("Dockerfile").toUri().toString();
    }

    @AfterEach
    void stop() {
        session.close();
    }

    private TextDocumentService docs() {
        return session.server().getTextDocumentService();
    }

    /** Each diagnostic as "code line:char-line:char". */
    private static List<String> summary(PublishDiagnosticsParams p) {
        List<String> out = new ArrayList<>();
        for (Diagnostic d : p.getDiagnostics()) {
            Range r = d.getRange();
            out.add(d.getCode().getLeft() + " " + r.getStart().getLine() + ":" + r.getStart().getCharacter() + "-"
                    + r.getEnd().getLine() + ":" + r.getEnd().getCharacter());
        }
        return out;
    }

    private static final String SAMPLE = """
            FROM debian:bookworm as build
            ARG VERSION=1
            ENV A="😀" B=$VERSON
            run echo ${VERSION}
            """;

    @Test
    void diagnosticsOnOpenCarryRuleIdsSeveritiesUtf16RangesAndLinks() {
        InitializeResult init = session.initialize(dir, null);
        assertThat(init.getCapabilities().getTextDocumentSync().getRight().getChange())
                .isEqualTo(TextDocumentSyncKind.Incremental);
        session.open(uri, SAMPLE);
        PublishDiagnosticsParams p = session.diagnostics(uri, 1);
        // the emoji before $VERSON is two UTF-16 units: '$' is character 13
        assertThat(summary(p)).containsExactly("FromAsCasing 0:21-0:23", "UndefinedVar 2:13-2:20",
                "ConsistentInstructionCasing 3:0-3:3");
        Diagnostic undefined = p.getDiagnostics().get(1);
        assertThat(undefined.getSource()).isEqualTo("jbuild");
        assertThat(undefined.getMessage()).isEqualTo("Usage of undefined variable '$VERSON' (did you mean $VERSION?)");
        assertThat(undefined.getCodeDescription().getHref())
                .isEqualTo("https://docs.docker.com/go/dockerfile/rule/undefined-var/");
        assertThat(session.shutdown()).isZero();
    }

    @Test
    void incrementalEditsOnNonAsciiLinesUpdateTheDiagnostics() {
        session.initialize(dir, null);
        session.open(uri, SAMPLE);
        session.diagnostics(uri, 1);
        // "$VERSON" -> "$VERSION": insert 'I' after "$VERS" (character 18 on line 2, after the emoji's two units)
        session.change(uri, 2, List.of(new TextDocumentContentChangeEvent(new Range(new Position(2, 18),
                new Position(2, 18)), "I")));
        // then "as" -> "AS" and "run" -> "RUN", two ranged edits in one notification
        session.change(uri, 3, List.of(
                new TextDocumentContentChangeEvent(new Range(new Position(0, 21), new Position(0, 23)), "AS"),
                new TextDocumentContentChangeEvent(new Range(new Position(3, 0), new Position(3, 3)), "RUN")));
        PublishDiagnosticsParams p = session.diagnostics(uri, 3);
        assertThat(summary(p)).isEmpty();
        // the server's text is what the edits make: formatting it changes nothing
        assertThat(format()).isEmpty();
    }

    @Test
    void typingIsDebouncedAndTheLatestVersionWins() {
        session.initialize(dir, null);
        session.open(uri, "FROM debian:12\n");
        session.diagnostics(uri, 1);
        // "RUN echo x" typed one key at a time: versions 2..11, sent faster than the 50 ms the server waits
        String typed = "RUN echo x";
        for (int k = 0; k < typed.length(); k++) {
            session.change(uri, k + 2, List.of(new TextDocumentContentChangeEvent(
                    new Range(new Position(1, k), new Position(1, k)), typed.substring(k, k + 1))));
        }
        int last = typed.length() + 1;
        List<PublishDiagnosticsParams> published = session.until(uri, last);
        assertThat(summary(published.get(published.size() - 1))).isEmpty();
        // debounced: far fewer lints than changes; the latest wins: versions only go up
        List<Integer> versions = published.stream().map(PublishDiagnosticsParams::getVersion).toList();
        assertThat(versions.size()).as("published versions %s", versions).isLessThanOrEqualTo(typed.length() / 2);
        assertThat(versions).isSorted().doesNotHaveDuplicates();
        session.change(uri, last + 1, List.of(new TextDocumentContentChangeEvent(
                new Range(new Position(1, 0), new Position(1, 3)), "run")));
        assertThat(summary(session.diagnostics(uri, last + 1))).containsExactly("ConsistentInstructionCasing 1:0-1:3");
        assertThat(session.drain()).isEmpty();
    }

    @Test
    void shutdownWhileDocumentsAreBeingLintedIsAnsweredAndExitsCleanly() {
        // shutdown while a lint runs or publishes, in many timings: the answer must come, and nothing the lint
        // does may break the connection under it (an interrupted writer closed the pipe)
        StringBuilder big = new StringBuilder("FROM debian:12 AS build\n");
        for (int i = 0; i < 300; i++) {
            big.append("RUN echo ").append(i).append(" && apt-get install -y pkg").append(i).append('\n');
        }
        for (int round = 0; round < 40; round++) {
            try (LspSession s = new LspSession()) {
                s.initialize(dir, null);
                s.open(uri, round % 2 == 0 ? big.toString() : SAMPLE);
                if (round % 4 == 1) {
                    s.diagnostics(uri, 1);
                }
                s.change(uri, 2, List.of(new TextDocumentContentChangeEvent(
                        new Range(new Position(1, 0), new Position(1, 3)), "ARG")));
                assertThat(s.shutdown()).as("round %d", round).isZero();
            }
        }
    }

    @Test
    void aClientThatGoesAwayWithoutShutdownEndsTheServerWithExitCode1() {
        session.initialize(dir, null);
        session.open(uri, "FROM debian\n");
        assertThat(session.disconnect()).isEqualTo(1);
    }

    @Test
    void quickFixFromTheLinterApplied() {
        session.initialize(dir, null);
        session.open(uri, SAMPLE);
        session.diagnostics(uri, 1);
        List<CodeAction> actions = actions(new Range(new Position(0, 22), new Position(0, 22)));
        assertThat(actions).extracting(CodeAction::getTitle).containsExactly("Write 'AS'",
                "Ignore FromAsCasing on this line", "Ignore FromAsCasing in this file");
        assertThat(actions.get(0).getKind()).isEqualTo("quickfix");
        assertThat(actions.get(0).getDiagnostics()).extracting(d -> d.getCode().getLeft()).containsExactly("FromAsCasing");
        assertThat(applied(SAMPLE, actions.get(0))).startsWith("FROM debian:bookworm AS build\nARG VERSION=1\n");
        CodeActionContext onlyRefactorings = new CodeActionContext(List.of(), List.of("refactor"));
        assertThat(LspSession.get(docs().codeAction(new CodeActionParams(new TextDocumentIdentifier(uri),
                new Range(new Position(0, 22), new Position(0, 22)), onlyRefactorings)))).isEmpty();
        assertThat(applied(SAMPLE, actions.get(1))).startsWith(
                "# hadolint ignore=FromAsCasing\nFROM debian:bookworm as build\n");
        // a BuildKit check: skipped with BuildKit's own directive, which docker build honours too
        assertThat(applied(SAMPLE, actions.get(2))).startsWith(
                "# check=skip=FromAsCasing\nFROM debian:bookworm as build\n");
    }

    @Test
    void ignoringABuildKitCheckInTheFileJoinsTheCheckDirective() {
        String text = "# syntax=docker/dockerfile:1\n# check=error=true\nFROM debian:bookworm as build\nrun true\n";
        session.initialize(dir, null);
        session.open(uri, text);
        assertThat(summary(session.diagnostics(uri, 1))).containsExactly("FromAsCasing 2:21-2:23",
                "ConsistentInstructionCasing 3:0-3:3");
        List<CodeAction> actions = actions(new Range(new Position(2, 22), new Position(2, 22)));
        String once = applied(text, actions.get(2));
        assertThat(once).isEqualTo("# syntax=docker/dockerfile:1\n# check=error=true;skip=FromAsCasing\n"
                + "FROM debian:bookworm as build\nrun true\n");
        session.change(uri, 2, List.of(new TextDocumentContentChangeEvent(once)));
        assertThat(summary(session.diagnostics(uri, 2))).containsExactly("ConsistentInstructionCasing 3:0-3:3");
        actions = actions(new Range(new Position(3, 1), new Position(3, 1)));
        assertThat(actions).extracting(CodeAction::getTitle).contains("Ignore ConsistentInstructionCasing in this file");
        CodeAction twice = actions.stream().filter(x -> x.getTitle().endsWith("in this file")).findFirst().orElseThrow();
        assertThat(applied(once, twice)).startsWith(
                "# syntax=docker/dockerfile:1\n# check=error=true;skip=FromAsCasing,ConsistentInstructionCasing\n");
    }

    @Test
    void ignoreActionsSilenceTheRuleAndJoinExistingComments() {
        String text = "# syntax=docker/dockerfile:1\nFROM debian:bookworm\n    # hadolint ignore=DL3009\n"
                + "    RUN apt-get update && apt-get install -y curl\n";
        session.initialize(dir, null);
        session.open(uri, text);
        assertThat(summary(session.diagnostics(uri, 1))).containsExactly("DL3015 3:26-3:49", "DL3008 3:45-3:49");
        List<CodeAction> actions = actions(new Range(new Position(3, 46), new Position(3, 46)));
        assertThat(actions).extracting(CodeAction::getTitle).containsExactly("Add --no-install-recommends",
                "Ignore DL3015 on this line", "Ignore DL3015 in this file", "Ignore DL3008 on this line",
                "Ignore DL3008 in this file");
        assertThat(applied(text, actions.get(0))).contains("apt-get install --no-install-recommends -y curl\n");
        // on this line: added to the ignore comment above; in this file: after the directives
        String line = applied(text, actions.get(3));
        assertThat(line).isEqualTo("# syntax=docker/dockerfile:1\nFROM debian:bookworm\n"
                + "    # hadolint ignore=DL3009,DL3008\n    RUN apt-get update && apt-get install -y curl\n");
        String file = applied(text, actions.get(2));
        assertThat(file).isEqualTo("# syntax=docker/dockerfile:1\n# hadolint global ignore=DL3015\n"
                + "FROM debian:bookworm\n    # hadolint ignore=DL3009\n    RUN apt-get update && apt-get install -y curl\n");
        // the linter honours both: the findings go away
        session.change(uri, 2, List.of(new TextDocumentContentChangeEvent(line)));
        assertThat(summary(session.diagnostics(uri, 2))).containsExactly("DL3015 3:26-3:49");
        session.change(uri, 3, List.of(new TextDocumentContentChangeEvent(file)));
        assertThat(summary(session.diagnostics(uri, 3))).containsExactly("DL3008 4:45-4:49");
    }

    @Test
    void configurationFileAndDockerignoreBesideTheDockerfileAreHonoured() throws Exception {
        Files.writeString(dir.resolve(".hadolint.yaml"), "ignored: [DL3009]\noverride:\n  error: [DL3015]\n",
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(".dockerignore"), "secret.txt\n", StandardCharsets.UTF_8);
        session.initialize(dir, null);
        session.open(uri, "# check=skip=DL3008\nFROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\n"
                + "COPY secret.txt /s\n");
        PublishDiagnosticsParams p = session.diagnostics(uri, 1);
        assertThat(summary(p)).containsExactly("DL3015 2:22-2:45", "CopyIgnoredFile 3:5-3:15");
        assertThat(p.getDiagnostics().get(0).getSeverity()).hasToString("Error");
    }

    @Test
    void theConfigurationFileTheClientNamesWins() throws Exception {
        Files.writeString(dir.resolve(".hadolint.yaml"), "ignored: [DL3007]\n", StandardCharsets.UTF_8);
        Path named = Files.createDirectory(dir.resolve("elsewhere")).resolve("lint.yaml");
        Files.writeString(named, "ignored: [DL3006]\n", StandardCharsets.UTF_8);
        session.initialize(dir, Map.of("config", named.toString()));
        session.open(uri, "FROM debian\nFROM debian:latest\n");
        assertThat(summary(session.diagnostics(uri, 1))).containsExactly("DL3007 1:5-1:18");
    }

    @Test
    void aConfigurationFileChangedWithoutASaveIsReadAgainWhenTheClientSaysSo() throws Exception {
        ClientCapabilities caps = new ClientCapabilities();
        WorkspaceClientCapabilities ws = new WorkspaceClientCapabilities();
        ws.setDidChangeWatchedFiles(new DidChangeWatchedFilesCapabilities(true));
        caps.setWorkspace(ws);
        session.initialize(dir, null, caps);
        session.open(uri, "FROM debian\nFROM debian:latest\nCOPY secret.txt /s\n");
        assertThat(summary(session.diagnostics(uri, 1))).containsExactly("DL3006 0:5-0:11", "DL3007 1:5-1:18");

        // the server asked to hear of changes to the files its lint reads besides the Dockerfile
        long end = System.nanoTime() + LspSession.WAIT.toNanos();
        while (session.registrations().isEmpty() && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertThat(session.registrations()).singleElement().satisfies(r -> {
            assertThat(r.getMethod()).isEqualTo("workspace/didChangeWatchedFiles");
            List<String> globs = new ArrayList<>();
            new Gson().toJsonTree(r.getRegisterOptions()).getAsJsonObject().getAsJsonArray("watchers")
                    .forEach(w -> globs.add(w.getAsJsonObject().get("globPattern").getAsString()));
            assertThat(globs).contains("**/.hadolint.yaml", "**/.jbuild-lint.yaml", "**/.dockerignore");
        });

        Files.writeString(dir.resolve(".hadolint.yaml"), "ignored: [DL3006]\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(".dockerignore"), "secret.txt\n", StandardCharsets.UTF_8);
        session.server().getWorkspaceService().didChangeWatchedFiles(new DidChangeWatchedFilesParams(List.of(
                new FileEvent(dir.resolve(".hadolint.yaml").toUri().toString(), FileChangeType.Created),
                new FileEvent(dir.resolve(".dockerignore").toUri().toString(), FileChangeType.Created))));
        assertThat(summary(session.diagnostics(uri, 1))).containsExactly("DL3007 1:5-1:18",
                "CopyIgnoredFile 2:5-2:15");
    }

    @Test
    void noWatchersAreRegisteredWithAClientThatCannotWatch() {
        session.initialize(dir, null);
        session.open(uri, "FROM scratch\n");
        session.diagnostics(uri, 1);
        assertThat(session.registrations()).isEmpty();
    }

    @Test
    void changedSettingsLintTheOpenDocumentsAgain() throws Exception {
        Path named = dir.resolve("lint.yaml");
        Files.writeString(named, "ignored: [DL3006]\n", StandardCharsets.UTF_8);
        session.initialize(dir, null);
        session.open(uri, "FROM debian\nFROM debian:latest\n");
        assertThat(summary(session.diagnostics(uri, 1))).containsExactly("DL3006 0:5-0:11", "DL3007 1:5-1:18");
        // a client's empty settings at start change nothing
        session.server().getWorkspaceService().didChangeConfiguration(new DidChangeConfigurationParams(Map.of()));
        session.server().getWorkspaceService().didChangeConfiguration(new DidChangeConfigurationParams(
                Map.of("jbuild", Map.of("config", named.toString()))));
        assertThat(summary(session.diagnostics(uri, 1))).containsExactly("DL3007 1:5-1:18");
        session.server().getWorkspaceService().didChangeConfiguration(new DidChangeConfigurationParams(
                Map.of("buildArgs", Map.of())));
        assertThat(summary(session.diagnostics(uri, 1))).containsExactly("DL3006 0:5-0:11", "DL3007 1:5-1:18");
    }

    @Test
    void aBadConfigurationFileIsADiagnosticNotACrash() throws Exception {
        Files.writeString(dir.resolve(".jbuild-lint.yaml"), "ignored: [DL3009\n", StandardCharsets.UTF_8);
        session.initialize(dir, null);
        session.open(uri, "FROM scratch\n");
        PublishDiagnosticsParams p = session.diagnostics(uri, 1);
        assertThat(summary(p)).containsExactly("config 0:0-0:0");
        assertThat(p.getDiagnostics().get(0).getMessage()).startsWith("lint configuration not used: "
                + dir.resolve(".jbuild-lint.yaml") + ":2:1: invalid YAML");
    }

    @Test
    void formattingUpperCasesKeywordsAndIndentsContinuations() {
        String text = """
                from debian:bookworm as build
                  run apt-get update \\
                  && apt-get install -y curl \\
                        && echo "a \\
                  b"
                onbuild run echo hi
                RUN <<EOF
                  echo kept
                EOF
                """;
        session.initialize(dir, null);
        session.open(uri, text);
        assertThat(LspSession.apply(text, format())).isEqualTo("""
                FROM debian:bookworm AS build
                RUN apt-get update \\
                    && apt-get install -y curl \\
                    && echo "a \\
                  b"
                ONBUILD RUN echo hi
                RUN <<EOF
                  echo kept
                EOF
                """);
    }

    @Test
    void symbolsAndFolding() {
        String text = "ARG BASE=debian\nFROM $BASE AS build\nRUN make \\\n    all\nFROM scratch\nCOPY --from=build /a /a\n";
        session.initialize(dir, null);
        session.open(uri, text);
        List<Either<SymbolInformation, DocumentSymbol>> symbols = LspSession.get(docs().documentSymbol(
                new DocumentSymbolParams(new TextDocumentIdentifier(uri))));
        assertThat(symbols).extracting(e -> e.getRight().getName()).containsExactly("ARG", "build", "stage 1");
        DocumentSymbol build = symbols.get(1).getRight();
        assertThat(build.getDetail()).isEqualTo("FROM $BASE");
        assertThat(build.getChildren()).extracting(DocumentSymbol::getName, DocumentSymbol::getDetail)
                .containsExactly(tuple("RUN", "make all"));
        assertThat(build.getRange().getEnd().getLine()).isEqualTo(3);
        List<FoldingRange> folds = LspSession.get(docs().foldingRange(
                new FoldingRangeRequestParams(new TextDocumentIdentifier(uri))));
        assertThat(folds).extracting(f -> f.getStartLine() + "-" + f.getEndLine()).containsExactlyInAnyOrder("1-3", "2-3",
                "4-5");
    }

    @Test
    void hoverShowsInstructionFlagRuleAndVariableValue() {
        String text = "ARG BASE=debian\nFROM $BASE AS build\nARG V=2\nENV P=/opt/$V\nRUN --network=none echo $P\n";
        session.initialize(dir, Map.of("buildArgs", Map.of("V", "3")));
        session.open(uri, text);
        assertThat(hover(1, 7)).isEqualTo("`BASE` = `debian`");
        assertThat(hover(3, 12)).isEqualTo("`V` = `3`"); // the build arg wins over the default
        assertThat(hover(4, 25)).isEqualTo("`P` = `/opt/3`");
        assertThat(hover(4, 1)).contains("RUN [--mount=...]").contains("https://docs.docker.com/reference/dockerfile/#run");
        assertThat(hover(4, 8)).startsWith("`--network`: The network of the command.");
        assertThat(hover(1, 12)).isEmpty();
        session.open(uri + "2", "FROM debian\nCMD echo hi\n");
        assertThat(hover(uri + "2", 1, 5)).contains("**JSONArgsRecommended** (warning)")
                .contains("[JSONArgsRecommended](https://docs.docker.com/go/dockerfile/rule/json-args-recommended/)");
    }

    @Test
    void completionOfKeywordsFlagsValuesStagesAndVariables() {
        String text = "ARG BASE=debian\nFROM $BASE AS build\nENV HOME_DIR=/h\nRUN echo ${HO\nFROM scratch\n"
                + "COPY --from=b\nRUN --mount=type=c\nRUN --mount=type=cache,sh\nRU\nRUN echo $HO\n";
        session.initialize(dir, null);
        session.open(uri, text);
        assertThat(labels(3, 13)).containsExactly("HOME_DIR");
        assertThat(labels(9, 12)).isEmpty(); // the ENV is in the other stage
        assertThat(labels(5, 13)).containsExactly("build");
        assertThat(labels(6, 18)).containsExactly("cache");
        assertThat(labels(7, 25)).containsExactly("sharing");
        assertThat(labels(8, 2)).containsExactly("RUN");
        assertThat(labels(6, 6)).containsExactly("--mount", "--network", "--security");
        CompletionItem cache = completion(6, 18).get(0);
        assertThat(LspSession.apply(text, List.of(cache.getTextEdit().getLeft()))).contains("RUN --mount=type=cache\n");
    }

    @Test
    void definitionAndReferencesOfStagesAndVariables() {
        String text = "ARG BASE=debian\nFROM $BASE AS build\nARG BASE\nRUN echo ${BASE}\nFROM build\n"
                + "COPY --from=build /a /a\n";
        session.initialize(dir, null);
        session.open(uri, text);
        assertThat(definition(5, 13)).containsExactly("1:14-1:19");
        assertThat(definition(4, 6)).containsExactly("1:14-1:19");
        assertThat(definition(3, 12)).containsExactly("2:4-2:8");
        assertThat(definition(1, 7)).containsExactly("0:4-0:8");
        assertThat(references(1, 15)).containsExactly("1:14-1:19", "4:5-4:10", "5:12-5:17");
        assertThat(references(3, 12)).containsExactly("0:4-0:8", "1:6-1:10", "2:4-2:8", "3:11-3:15");
        assertThat(LspSession.get(docs().hover(new HoverParams(new TextDocumentIdentifier(uri), new Position(5, 14))))
                .getContents().getRight().getValue()).isEqualTo("stage `build` (0): `FROM $BASE`, line 2\n\n---\n\n"
                + "`--from`: A stage name or index, an image, or a named context to copy from.");
    }

    private List<String> definition(int line, int character) {
        List<? extends Location> ls = LspSession.get(docs().definition(new DefinitionParams(
                new TextDocumentIdentifier(uri), new Position(line, character)))).getLeft();
        return ls.stream().map(l -> range(l.getRange())).toList();
    }

    private List<String> references(int line, int character) {
        ReferenceParams p = new ReferenceParams(new TextDocumentIdentifier(uri), new Position(line, character),
                new ReferenceContext(true));
        return LspSession.get(docs().references(p)).stream().map(l -> range(l.getRange())).toList();
    }

    private static String range(Range r) {
        return r.getStart().getLine() + ":" + r.getStart().getCharacter() + "-" + r.getEnd().getLine() + ":"
                + r.getEnd().getCharacter();
    }

    private List<CompletionItem> completion(int line, int character) {
        return LspSession.get(docs().completion(new CompletionParams(new TextDocumentIdentifier(uri),
                new Position(line, character)))).getRight().getItems();
    }

    private List<String> labels(int line, int character) {
        return completion(line, character).stream().map(CompletionItem::getLabel).toList();
    }

    private String hover(int line, int character) {
        return hover(uri, line, character);
    }

    private String hover(String u, int line, int character) {
        Hover h = LspSession.get(docs().hover(new HoverParams(new TextDocumentIdentifier(u),
                new Position(line, character))));
        return h == null ? "" : h.getContents().getRight().getValue();
    }

    private List<? extends TextEdit> format() {
        return LspSession.get(docs().formatting(new DocumentFormattingParams(new TextDocumentIdentifier(uri),
                new FormattingOptions(4, true))));
    }

    private List<CodeAction> actions(Range range) {
        List<Either<Command, CodeAction>> got = LspSession.get(docs().codeAction(new CodeActionParams(
                new TextDocumentIdentifier(uri), range, new CodeActionContext(List.of()))));
        return got.stream().map(Either::getRight).toList();
    }

    private String applied(String text, CodeAction action) {
        return LspSession.apply(text, action.getEdit().getChanges().get(uri));
    }
}
