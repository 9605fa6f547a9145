package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.script.RunScript;
import io.jbuild.grammar.lint.script.ShellCommand;
import io.jbuild.grammar.lint.script.ShellWord;
import io.jbuild.grammar.source.Severity;

/** DL3037: {@code zypper install pkg} without a version ({@code =}, {@code <}, {@code >}) or .rpm file. */
public final class Dl3037ZypperPinVersions extends RunRule {

    public Dl3037ZypperPinVersions() {
        super("DL3037", Severity.WARNING, "Specify version with `zypper install -y <package>=<version>`.", true);
    }

    @Override
    void check(LintContext file, Instruction.Run run, RunScript script, Findings out) {
        for (ShellCommand c : script.commands()) {
            if (!c.is("zypper", "install", "in")) {
                continue;
            }
            for (ShellWord w : c.argumentsWithoutFlags()) {
                String p = w.value();
                if (p.equals("install") || p.equals("in")) {
                    continue;
                }
                if (!(p.contains("=") || p.contains(">") || p.contains("<") || p.endsWith(".rpm"))) {
                    out.report(c.range(w), message());
                    return;
                }
            }
        }
    }
}
