package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.script.RunScript;
import io.jbuild.grammar.lint.script.ShellCommand;
import io.jbuild.grammar.source.Severity;

/** DL3030: {@code yum install} without {@code -y}. */
public final class Dl3030YumYes extends RunRule {

    public Dl3030YumYes() {
        super("DL3030", Severity.WARNING, "Use the -y switch to avoid manual input `yum install -y <package>`", true);
    }

    @Override
    void check(LintContext file, Instruction.Run run, RunScript script, Findings out) {
        for (ShellCommand c : script.commands()) {
            if (c.is("yum", "install", "groupinstall", "localinstall") && !c.hasAnyFlag("y", "assumeyes")) {
                out.report(c.range(), message());
            }
        }
    }
}
