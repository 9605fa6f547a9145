package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.script.RunScript;
import io.jbuild.grammar.source.Severity;

/** DL3035: {@code zypper dist-upgrade} in a build. */
public final class Dl3035ZypperDistUpgrade extends RunRule {

    public Dl3035ZypperDistUpgrade() {
        super("DL3035", Severity.WARNING, "Do not use `zypper dist-upgrade`.", true);
    }

    @Override
    void check(LintContext file, Instruction.Run run, RunScript script, Findings out) {
        Sh.first(script, c -> c.is("zypper", "dist-upgrade", "dup")).ifPresent(c -> out.report(c.range(), message()));
    }
}
