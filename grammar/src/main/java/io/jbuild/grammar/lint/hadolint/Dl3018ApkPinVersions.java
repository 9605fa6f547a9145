package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.script.RunScript;
import io.jbuild.grammar.lint.script.ShellCommand;
import io.jbuild.grammar.lint.script.ShellWord;
import io.jbuild.grammar.source.Severity;
import java.util.Set;

/** DL3018: {@code apk add pkg} without a version constraint ({@code =}, {@code ~}, {@code <}, {@code >}) or .apk file. */
public final class Dl3018ApkPinVersions extends RunRule {

    public Dl3018ApkPinVersions() {
        super("DL3018", Severity.WARNING, "Pin versions in apk add. Instead of `apk add <package>` use "
                + "`apk add <package>=<version>`", true);
    }

    @Override
    void check(LintContext file, Instruction.Run run, RunScript script, Findings out) {
        for (ShellCommand c : script.commands()) {
            if (!c.is("apk", "add")) {
                continue;
            }
            for (ShellWord w : c.argumentsWithoutFlags(Set.of("t", "virtual", "repository", "X"))) {
                String p = w.value();
                if (p.equals("add")) {
                    continue;
                }
                boolean pinned = p.contains("=") || p.contains("~") || p.contains(">") || p.contains("<") || p.endsWith(".apk");
                if (!pinned) {
                    out.report(c.range(w), message());
                    return;
                }
            }
        }
    }
}
