package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.script.RunScript;
import io.jbuild.grammar.source.Severity;

/** DL3003: {@code cd} in RUN; WORKDIR says where the next instructions run. */
public final class Dl3003UseWorkdir extends RunRule {

    public Dl3003UseWorkdir() {
        super("DL3003", Severity.WARNING, "Use WORKDIR to switch to a directory", false);
    }

    @Override
    void check(LintContext file, Instruction.Run run, RunScript script, Findings out) {
        Sh.first(script, c -> c.name().equals("cd")).ifPresent(c -> out.report(c.range(), message()));
    }
}
