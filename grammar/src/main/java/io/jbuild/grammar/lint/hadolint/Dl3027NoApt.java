package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.script.RunScript;
import io.jbuild.grammar.source.Severity;

/** DL3027: {@code apt}, the interactive front end, in a build. */
public final class Dl3027NoApt extends RunRule {

    public Dl3027NoApt() {
        super("DL3027", Severity.WARNING, "Do not use apt as it is meant to be an end-user tool, use apt-get or apt-cache instead", true);
    }

    @Override
    void check(LintContext file, Instruction.Run run, RunScript script, Findings out) {
        Sh.first(script, c -> c.name().equals("apt")).ifPresent(c -> out.report(c.range(), message()));
    }
}
