package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.script.RunScript;
import io.jbuild.grammar.lint.script.ShellCommand;
import io.jbuild.grammar.lint.script.ShellWord;
import io.jbuild.grammar.source.Severity;
import java.util.List;

/** DL3028: {@code gem install x} without {@code x:version} (and without {@code -v}/{@code --version}). */
public final class Dl3028GemPinVersions extends RunRule {

    public Dl3028GemPinVersions() {
        super("DL3028", Severity.WARNING, "Pin versions in gem install. Instead of `gem install <gem>` use `gem "
                + "install <gem>:<version>`", true);
    }

    @Override
    void check(LintContext file, Instruction.Run run, RunScript script, Findings out) {
        for (ShellCommand c : script.commands()) {
            if (!c.is("gem", "install", "i") || c.hasArgument("-v") || c.hasArgument("--version")
                    || c.arguments().stream().anyMatch(a -> a.startsWith("--version="))) {
                continue;
            }
            List<ShellWord> args = c.argumentWords();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i).value();
                if (a.equals("--")) {
                    break;
                }
                if (a.startsWith("-")) {
                    i++; // an option and its value
                    continue;
                }
                if (!a.equals("install") && !a.equals("i") && !a.contains(":")) {
                    out.report(c.range(args.get(i)), message());
                    return;
                }
            }
        }
    }
}
