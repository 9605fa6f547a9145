package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.script.RunScript;
import io.jbuild.grammar.source.Severity;

/** DL4005: {@code ln ... /bin/sh} to change the shell; SHELL does that. */
public final class Dl4005UseShell extends RunRule {

    public Dl4005UseShell() {
        super("DL4005", Severity.WARNING, "Use SHELL to change the default shell", true);
    }

    @Override
    void check(LintContext file, Instruction.Run run, RunScript script, Findings out) {
        Sh.first(script, c -> c.is("ln", "/bin/sh")).ifPresent(c -> out.report(c.range(), message()));
    }
}
