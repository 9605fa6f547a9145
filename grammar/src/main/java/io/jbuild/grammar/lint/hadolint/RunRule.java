package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Step;
import io.jbuild.grammar.lint.script.RunScript;
import io.jbuild.grammar.source.Severity;

/** A rule that judges each RUN by itself (and, when hadolint does, each ONBUILD RUN). */
abstract class RunRule extends DlRule {

    private final boolean triggers;

    RunRule(String id, Severity severity, String message, boolean triggers) {
        super(id, severity, message);
        this.triggers = triggers;
    }

    @Override
    public final void check(LintContext file, Findings out) {
        for (Step s : file.steps(triggers)) {
            if (s.instruction() instanceof Instruction.Run run) {
                check(file, run, file.script(run), out);
            }
        }
    }

    abstract void check(LintContext file, Instruction.Run run, RunScript script, Findings out);
}
