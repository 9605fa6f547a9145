package io.jbuild.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.grammar.lint.LintDiagnostic;
import io.jbuild.grammar.lint.LintOptions;
import io.jbuild.grammar.lint.Linter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.FoldingRangeRequestParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random edit sequences (fixed seed) of Dockerfile fragments, non-ASCII text, CRLF, escapes and heredocs: every
 * request keeps answering, and the diagnostics of the last version are exactly the linter's on the text the client
 * holds, so the server's copy followed every ranged edit.
 */
class EditFuzzTest {

    private static final String[] PIECES = {"FROM ", "debian", " AS ", "build", "\n", "\r\n", "RUN ", "apt-get install -y curl",
        " \\\n", "\\", "\"", "'", "${", "}", "$A", "ARG A=1", "ENV B=$A", "COPY --from=build /a /b", "<<EOF\nx\nEOF\n",
        "# hadolint ignore=DL3008\n", "# check=skip=all\n", "😀", "é", "\t", "--mount=type=cache,target=/c ", "ONBUILD ",
        "HEALTHCHECK --interval=5s CMD true", "CMD [\"a\", ", "]", "# escape=`\n", "`\n", "\u0000", "\uFEFF", "\r"};

    @TempDir
    Path dir;

    /**
     * The offset moved off the middle of a surrogate pair: editors never split a character, and JSON in UTF-8 cannot
     * carry half of one (the transport would turn it into '?').
     */
    private static int whole(String text, int offset) {
        return offset > 0 && offset < text.length() && Character.isLowSurrogate(text.charAt(offset))
                && Character.isHighSurrogate(text.charAt(offset - 1)) ? offset - 1 : offset;
    }

    @Test
    void randomEditsNeverBreakTheServerAndItsTextFollowsTheClients() throws Exception {
        Random random = new Random(22);
        String uri = dir.resolve("Dockerfile").toUri().toString();
        try (LspSession s = new LspSession()) {
            s.initialize(dir, null);
            String text = "FROM debian AS build\nRUN echo hi\n";
            s.open(uri, text);
            TextDocumentService docs = s.server().getTextDocumentService();
            TextDocumentIdentifier id = new TextDocumentIdentifier(uri);
            int version = 1;
            for (int step = 0; step < 300; step++) {
                List<TextDocumentContentChangeEvent> changes = new ArrayList<>();
                int n = 1 + random.nextInt(3);
                for (int k = 0; k < n; k++) {
                    LineMap lines = LineMap.of(text);
                    int a = whole(text, random.nextInt(text.length() + 1));
                    int b = whole(text, Math.min(text.length(), a + (random.nextInt(4) == 0 ? random.nextInt(30) : 0)));
                    StringBuilder insert = new StringBuilder();
                    for (int m = random.nextInt(3); m > 0; m--) {
                        insert.append(PIECES[random.nextInt(PIECES.length)]);
                    }
                    Range r = lines.range(a, b);
                    changes.add(new TextDocumentContentChangeEvent(r, insert.toString()));
                    text = text.substring(0, lines.offset(r.getStart())) + insert + text.substring(lines.offset(r.getEnd()));
                }
                s.change(uri, ++version, changes);
                Position at = LineMap.of(text).position(random.nextInt(text.length() + 1));
                LspSession.get(docs.hover(new HoverParams(id, at)));
                LspSession.get(docs.completion(new CompletionParams(id, at)));
                LspSession.get(docs.definition(new DefinitionParams(id, at)));
                LspSession.get(docs.references(new ReferenceParams(id, at, new ReferenceContext(true))));
                LspSession.get(docs.codeAction(new CodeActionParams(id, new Range(at, at),
                        new CodeActionContext(List.of()))));
                if (step % 10 == 0) {
                    LspSession.get(docs.formatting(new DocumentFormattingParams(id, new FormattingOptions(4, true))));
                    LspSession.get(docs.documentSymbol(new DocumentSymbolParams(id)));
                    LspSession.get(docs.foldingRange(new FoldingRangeRequestParams(id)));
                }
            }
            List<Diagnostic> got = s.diagnostics(uri, version).getDiagnostics();
            LineMap lines = LineMap.of(text);
            List<String> expected = new ArrayList<>();
            for (LintDiagnostic d : Linter.standard().lint(text, LintOptions.defaults().withContext(dir))) {
                expected.add(d.ruleId() + " " + lines.range(d.range()) + " " + d.message());
            }
            List<String> actual = got.stream().map(d -> d.getCode().getLeft() + " " + d.getRange() + " "
                    + d.getMessage()).toList();
            int same = 0;
            while (same < Math.min(actual.size(), expected.size()) && actual.get(same).equals(expected.get(same))) {
                same++;
            }
            assertThat(same).as("the first difference of %s and %s diagnostics: %s against %s", actual.size(),
                            expected.size(), same < actual.size() ? actual.get(same) : "-",
                            same < expected.size() ? expected.get(same) : "-")
                    .isEqualTo(expected.size());
            assertThat(actual).hasSameSizeAs(expected);
            assertThat(s.shutdown()).isZero();
        }
    }
}
