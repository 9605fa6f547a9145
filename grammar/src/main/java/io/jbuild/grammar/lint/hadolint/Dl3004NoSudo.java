package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.script.RunScript;
import io.jbuild.grammar.source.Severity;

/** DL3004: {@code sudo} in RUN. */
public final class Dl3004NoSudo extends RunRule {

    public Dl3004NoSudo() {
        super("DL3004", Severity.ERROR, "Do not use sudo as it leads to unpredictable behavior. Use a tool like gosu to enforce root", true);
    }

    @Override
    void check(LintContext file, Instruction.Run run, RunScript script, Findings out) {
        Sh.first(script, c -> c.name().equals("sudo")).ifPresent(c -> out.report(c.range(), message()));
    }
}
