package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.script.RunScript;
import io.jbuild.grammar.lint.script.ShellCommand;
import io.jbuild.grammar.source.Severity;

/** DL3038: {@code dnf}/{@code microdnf install} without {@code -y}. */
public final class Dl3038DnfYes extends RunRule {

    public Dl3038DnfYes() {
        super("DL3038", Severity.WARNING, "Use the -y switch to avoid manual input `dnf install -y <package>`", true);
    }

    @Override
    void check(LintContext file, Instruction.Run run, RunScript script, Findings out) {
        for (ShellCommand c : script.commands()) {
            boolean install = c.is("dnf", "install", "groupinstall", "localinstall")
                    || c.is("microdnf", "install", "groupinstall", "localinstall");
            if (install && !c.hasAnyFlag("y", "assumeyes")) {
                out.report(c.range(), message());
            }
        }
    }
}
