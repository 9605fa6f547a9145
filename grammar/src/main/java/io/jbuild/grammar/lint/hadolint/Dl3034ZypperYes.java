package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.script.RunScript;
import io.jbuild.grammar.lint.script.ShellCommand;
import io.jbuild.grammar.source.Severity;

/** DL3034: zypper install/remove/patch without a non-interactive switch. */
public final class Dl3034ZypperYes extends RunRule {

    public Dl3034ZypperYes() {
        super("DL3034", Severity.WARNING, "Non-interactive switch missing from `zypper` command: `zypper install -y`", true);
    }

    @Override
    void check(LintContext file, Instruction.Run run, RunScript script, Findings out) {
        for (ShellCommand c : script.commands()) {
            if (c.is("zypper", "install", "in", "remove", "rm", "source-install", "si", "patch")
                    && !c.hasAnyFlag("non-interactive", "n", "no-confirm", "y")) {
                out.report(c.range(), message());
            }
        }
    }
}
