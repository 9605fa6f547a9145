package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.QuickFix;
import io.jbuild.grammar.lint.script.RunScript;
import io.jbuild.grammar.lint.script.ShellCommand;
import io.jbuild.grammar.source.Severity;
import java.util.List;

/** DL3015: {@code apt-get install} without {@code --no-install-recommends}; fix: add it. */
public final class Dl3015NoInstallRecommends extends RunRule {

    public Dl3015NoInstallRecommends() {
        super("DL3015", Severity.INFO, "Avoid additional packages by specifying `--no-install-recommends`", true);
    }

    @Override
    void check(LintContext file, Instruction.Run run, RunScript script, Findings out) {
        for (ShellCommand c : script.commands()) {
            if (c.is("apt-get", "install") && !c.hasFlag("no-install-recommends")
                    && !c.hasArgument("APT::Install-Recommends=false")) {
                out.report(c.range(), message(), Insert.after(c, "install", " --no-install-recommends")
                        .map(e -> List.of(QuickFix.of("Add --no-install-recommends", e))).orElse(List.of()));
            }
        }
    }
}
