package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.script.RunScript;
import io.jbuild.grammar.lint.script.ShellCommand;
import io.jbuild.grammar.lint.script.ShellWord;
import io.jbuild.grammar.source.Severity;
import java.util.Set;

/** DL3008: {@code apt-get install pkg} without {@code pkg=version} (a path or a .deb file is pinned). */
public final class Dl3008AptGetPinVersions extends RunRule {

    public Dl3008AptGetPinVersions() {
        super("DL3008", Severity.WARNING, "Pin versions in apt get install. Instead of `apt-get install <package>` use "
                + "`apt-get install <package>=<version>`", true);
    }

    @Override
    void check(LintContext file, Instruction.Run run, RunScript script, Findings out) {
        for (ShellCommand c : script.commands()) {
            if (!c.is("apt-get", "install")) {
                continue;
            }
            for (ShellWord w : c.argumentsWithoutFlags(Set.of("t", "target-release"))) {
                String p = w.value();
                if (!p.equals("install") && !(p.contains("=") || p.contains("/") || p.endsWith(".deb"))) {
                    out.report(c.range(w), message());
                    return;
                }
            }
        }
    }
}
