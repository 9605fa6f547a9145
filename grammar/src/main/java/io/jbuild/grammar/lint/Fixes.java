package io.jbuild.grammar.lint;

import io.jbuild.grammar.ast.Instruction.Maintainer;
import io.jbuild.grammar.lint.script.ShellCommand;
import io.jbuild.grammar.lint.script.ShellScript;
import io.jbuild.grammar.lint.script.ShellWord;
import io.jbuild.grammar.parser.JsonStrings;
import io.jbuild.grammar.source.Position;
import io.jbuild.grammar.source.SourceRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Building blocks of quick fixes shared by several rules. */
public final class Fixes {

    private Fixes() {
    }

    /**
     * The exec form ({@code ["a", "b"]}) of a shell-form command, when it means the same without a shell: one
     * simple command of plain words (quotes allowed; no variables, globs, operators, redirections or escapes).
     */
    public static Optional<String> execForm(String script) {
        char quote = 0;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (quote == '\'') {
                quote = c == '\'' ? 0 : quote;
            } else if (quote == '"') {
                if (c == '$' || c == '`' || c == '\\') {
                    return Optional.empty();
                }
                quote = c == '"' ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (!(Character.isLetterOrDigit(c) || " \t_-./:=,+@%^".indexOf(c) >= 0)) {
                return Optional.empty();
            }
        }
        if (quote != 0) {
            return Optional.empty();
        }
        ShellScript parsed = ShellScript.parse(script, LogicalText.detached(script, SourceRange.of(1, 1, 1, 1)));
        if (parsed.commands().size() != 1 || parsed.hasPipes()) {
            return Optional.empty();
        }
        ShellCommand cmd = parsed.commands().get(0);
        List<String> words = new ArrayList<>();
        words.add(cmd.name());
        for (ShellWord w : cmd.argumentWords()) {
            words.add(w.value());
        }
        // without operators in the text, only a keyword or an assignment before the name could be lost
        if (cmd.nameWord().start() != script.length() - script.stripLeading().length()) {
            return Optional.empty();
        }
        return Optional.of(JsonStrings.array(words, ", "));
    }

    /** The same word in the casing of {@code model}: lower when it is lower case, else upper. */
    public static String caseLike(String word, String model) {
        return model.equals(model.toLowerCase(Locale.ROOT)) ? word.toLowerCase(Locale.ROOT)
                : word.toUpperCase(Locale.ROOT);
    }

    /** {@code MAINTAINER x} → {@code LABEL org.opencontainers.image.authors="x"}, in the keyword's case. */
    public static QuickFix maintainerLabel(LintContext file, Maintainer m) {
        String k = m.meta().keyword();
        String label = k.equals(k.toLowerCase(Locale.ROOT)) ? "label" : "LABEL";
        String value = m.maintainer().strip();
        if (!(value.length() >= 2 && value.startsWith("\"") && value.endsWith("\""))) {
            value = "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        SourceRange whole = new SourceRange(m.meta().range().start(), file.argumentsRange(m).end());
        return QuickFix.of("Replace with an org.opencontainers.image.authors label",
                new TextEdit(whole, label + " org.opencontainers.image.authors=" + value));
    }

    /** The range extended over the blanks after it on its last line, so that deleting it leaves one space. */
    public static SourceRange withTrailingBlanks(LintContext file, SourceRange r) {
        String line = file.source().line(r.end().line());
        int col = r.end().column() - 1;
        while (col < line.length() && (line.charAt(col) == ' ' || line.charAt(col) == '\t')) {
            col++;
        }
        return new SourceRange(r.start(), new Position(r.end().line(), col + 1));
    }
}
