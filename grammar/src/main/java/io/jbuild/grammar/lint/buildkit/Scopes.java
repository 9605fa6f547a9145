package io.jbuild.grammar.lint.buildkit;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.LogicalText;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.source.SourceRange;
import java.util.ArrayList;
import java.util.List;

/** Helpers for rules that follow a stage's ancestry or point at a variable reference. */
final class Scopes {

    private Scopes() {
    }

    /** The stage and the stages it is built on, nearest first. */
    static List<Stage> chain(Stage s) {
        List<Stage> out = new ArrayList<>();
        for (Stage cur = s; cur != null; cur = cur.parent().orElse(null)) {
            out.add(cur);
            if (out.size() > 256) {
                break; // a parent always comes earlier, so this cannot loop; the cap is for safety only
            }
        }
        return out;
    }

    /** Where {@code $name} or {@code ${name...}} is written in the instruction; the instruction when not found. */
    static SourceRange variable(LintContext file, Instruction i, String name) {
        LogicalText t = file.logical(i);
        String text = t.text();
        int from = Math.min(text.length(), i.meta().keyword().length());
        int at = from;
        while ((at = text.indexOf('$', at)) >= 0) {
            if (text.startsWith("${" + name, at)) {
                int after = at + 2 + name.length();
                if (after < text.length() && (text.charAt(after) == '}' || text.charAt(after) == ':')) {
                    int close = text.indexOf('}', after);
                    return t.range(at, close < 0 ? after : close + 1);
                }
            } else if (text.startsWith(name, at + 1)) {
                int after = at + 1 + name.length();
                if (after >= text.length() || !(Character.isLetterOrDigit(text.charAt(after)) || text.charAt(after) == '_')) {
                    return t.range(at, after);
                }
            }
            at++;
        }
        return i.meta().range();
    }
}
