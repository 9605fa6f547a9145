package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Stage;

/** Instructions that should appear once per stage (DL3012, DL4003, DL4004): each later one is reported. */
final class Repeats {

    private Repeats() {
    }

    static void report(LintContext file, Class<? extends Instruction> type, String message, Findings out) {
        for (Stage s : file.stages()) {
            boolean seen = false;
            for (Instruction i : s.instructions()) {
                if (type.isInstance(i)) {
                    if (seen) {
                        out.report(i.meta().range(), message);
                    }
                    seen = true;
                }
            }
        }
    }
}
