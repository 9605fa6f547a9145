package io.jbuild.lsp;

import io.jbuild.grammar.ast.Heredoc;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.SourceText;
import io.jbuild.grammar.source.Position;
import io.jbuild.grammar.source.SourceRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.lsp4j.TextEdit;

/**
 * Formats a Dockerfile the way BuildKit's style checks and Docker's own examples write one: instruction keywords
 * and FROM's {@code AS} in upper case (ConsistentInstructionCasing, FromAsCasing), instructions at the start of their
 * line, and each continuation line indented by four spaces. What would change the meaning stays as written:
 * here-document bodies, lines that continue a quoted string, and instructions that did not parse.
 */
final class Formatter {

    static final String INDENT = "    ";

    private Formatter() {
    }

    static List<TextEdit> edits(Analysis a) {
        List<TextEdit> out = new ArrayList<>();
        LintContext c = a.context();
        for (Instruction i : c.parse().dockerfile().instructions()) {
            if (i instanceof Instruction.Unknown) {
                continue;
            }
            indentation(a, i, out);
            keyword(a, i, out);
            if (i instanceof Instruction.Onbuild o && !(o.trigger() instanceof Instruction.Unknown)) {
                keyword(a, o.trigger(), out);
            }
            if (i instanceof Instruction.From f && f.stageName().isPresent()) {
                as(a, f, out);
            }
        }
        return out;
    }

    private static void keyword(Analysis a, Instruction i, List<TextEdit> out) {
        SourceRange r = a.context().keywordRange(i);
        int from = a.lines().offset(r.start());
        int to = a.lines().offset(r.end());
        String written = a.text().substring(from, to);
        String upper = written.toUpperCase(Locale.ROOT);
        if (!written.equals(upper) && upper.equals(i.name())) {
            out.add(new TextEdit(a.lines().range(from, to), upper));
        }
    }

    /** FROM image AS name: the {@code AS} word, the second of three arguments. */
    private static void as(Analysis a, Instruction.From f, List<TextEdit> out) {
        List<Arguments.Word> words = Arguments.of(a.context(), f);
        if (words.size() == 3 && words.get(1).text().equalsIgnoreCase("as") && !words.get(1).text().equals("AS")) {
            out.add(new TextEdit(a.lines().range(words.get(1).range()), "AS"));
        }
    }

    private static void indentation(Analysis a, Instruction i, List<TextEdit> out) {
        SourceText src = a.context().source();
        char escape = a.context().escape();
        Position start = i.meta().range().start();
        int last = lastLine(i);
        String first = src.line(start.line());
        int lead = leading(first);
        if (lead > 0 && lead == start.column() - 1) {
            out.add(edit(a, start.line(), lead, ""));
        }
        boolean quoted = false;
        char quote = 0;
        String previous = first.substring(Math.min(first.length(), start.column() - 1));
        for (int n = start.line() + 1; n <= last; n++) {
            for (int k = 0; k < previous.length(); k++) {
                char ch = previous.charAt(k);
                if (ch == escape && quote != '\'') {
                    k++;
                } else if (quote == 0 && (ch == '"' || ch == '\'')) {
                    quote = ch;
                } else if (ch == quote) {
                    quote = 0;
                }
            }
            quoted = quote != 0;
            String line = src.line(n);
            previous = line.stripLeading().startsWith("#") ? "" : line;
            if (line.isBlank() || quoted) {
                continue;
            }
            int ws = leading(line);
            if (!line.substring(0, ws).equals(INDENT)) {
                out.add(edit(a, n, ws, INDENT));
            }
        }
    }

    /** The instruction's last line that is not a here-document body (and not past the instruction). */
    private static int lastLine(Instruction i) {
        SourceRange r = i.meta().range();
        int last = r.end().column() == 1 && r.end().line() > r.start().line() ? r.end().line() - 1 : r.end().line();
        for (Heredoc h : LintContext.heredocs(i)) {
            last = Math.min(last, h.range().start().line() - 1);
        }
        return Math.max(r.start().line(), last);
    }

    private static int leading(String line) {
        int k = 0;
        while (k < line.length() && (line.charAt(k) == ' ' || line.charAt(k) == '\t')) {
            k++;
        }
        return k;
    }

    private static TextEdit edit(Analysis a, int line, int width, String text) {
        return new TextEdit(a.lines().range(SourceRange.of(line, 1, line, width + 1)), text);
    }
}
