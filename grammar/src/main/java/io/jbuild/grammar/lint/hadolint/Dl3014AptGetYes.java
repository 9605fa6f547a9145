package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.QuickFix;
import io.jbuild.grammar.lint.script.RunScript;
import io.jbuild.grammar.lint.script.ShellCommand;
import io.jbuild.grammar.source.Severity;
import java.util.List;

/** DL3014: {@code apt-get install} without {@code -y} (or {@code -qq}, {@code --yes}, ...); fix: add {@code -y}. */
public final class Dl3014AptGetYes extends RunRule {

    public Dl3014AptGetYes() {
        super("DL3014", Severity.WARNING, "Use the `-y` switch to avoid manual input `apt-get -y install <package>`", true);
    }

    @Override
    void check(LintContext file, Instruction.Run run, RunScript script, Findings out) {
        for (ShellCommand c : script.commands()) {
            if (c.is("apt-get", "install") && !(c.hasAnyFlag("y", "yes", "qq", "assume-yes") || c.countFlag("q") == 2
                    || c.countFlag("quiet") == 2 || c.hasArgument("-q=2"))) {
                out.report(c.range(), message(), Insert.after(c, "install", " -y")
                        .map(e -> QuickFix.of("Add -y", e)).map(List::of).orElse(List.of()));
            }
        }
    }

}
