package io.jbuild.lsp;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.LogicalText;
import io.jbuild.grammar.source.SourceRange;
import java.util.ArrayList;
import java.util.List;

/** The blank-separated words of an instruction's arguments (after its flags), each with where it is in the file. */
final class Arguments {

    /** One word as written and its range. */
    record Word(String text, SourceRange range) {
    }

    private Arguments() {
    }

    static List<Word> of(LintContext c, Instruction i) {
        LogicalText t = c.logical(i);
        String s = t.text();
        List<Word> out = new ArrayList<>();
        int k = Math.min(s.length(), c.argumentsOffset(i));
        while (k < s.length()) {
            while (k < s.length() && Character.isWhitespace(s.charAt(k))) {
                k++;
            }
            int w = k;
            while (k < s.length() && !Character.isWhitespace(s.charAt(k))) {
                k++;
            }
            if (k > w) {
                out.add(new Word(s.substring(w, k), t.range(w, k)));
            }
        }
        return out;
    }
}
