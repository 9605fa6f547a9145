package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.ast.KeyValue;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Step;
import io.jbuild.grammar.source.Severity;

/** DL3050: with {@code strict-labels}, a label the schema does not list. */
public final class Dl3050SuperfluousLabels extends DlRule {

    public Dl3050SuperfluousLabels() {
        super("DL3050", Severity.INFO, "Superfluous label(s) present.");
    }

    @Override
    public void check(LintContext file, Findings out) {
        if (!file.config().strictLabels()) {
            return;
        }
        for (Step s : file.steps(false)) {
            if (s.instruction() instanceof Instruction.Label l) {
                for (KeyValue kv : l.labels()) {
                    if (!file.config().labelSchema().containsKey(Sh.dropQuotes(kv.key()))) {
                        out.report(file.wordRange(l, kv.key(), 0, "="), message());
                    }
                }
            }
        }
    }
}
