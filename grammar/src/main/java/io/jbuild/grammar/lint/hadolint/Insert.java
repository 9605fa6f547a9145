package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.lint.TextEdit;
import io.jbuild.grammar.lint.script.ShellCommand;
import io.jbuild.grammar.lint.script.ShellWord;
import io.jbuild.grammar.source.SourceRange;
import java.util.Optional;

/** Quick fixes that add an option to a command line. */
final class Insert {

    private Insert() {
    }

    /**
     * Inserts {@code text} just after the first argument {@code word} of {@code c}, when that word is on one line
     * of the file (an exec-form or otherwise unmapped command gets no fix).
     */
    static Optional<TextEdit> after(ShellCommand c, String word, String text) {
        for (ShellWord w : c.argumentWords()) {
            if (w.value().equals(word)) {
                SourceRange r = c.range(w);
                if (r.start().line() != r.end().line() || r.end().column() - r.start().column() != w.end() - w.start()) {
                    return Optional.empty();
                }
                return Optional.of(TextEdit.insert(r.end(), text));
            }
        }
        return Optional.empty();
    }
}
