package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.script.RunScript;
import io.jbuild.grammar.lint.script.ShellCommand;
import io.jbuild.grammar.lint.script.ShellWord;
import io.jbuild.grammar.source.Severity;
import java.util.List;
import java.util.Set;

/** DL3062: {@code go install pkg} (or {@code go get}, {@code go run}) without {@code @version}; {@code @latest} is not a version. */
public final class Dl3062GoPinVersions extends RunRule {

    public Dl3062GoPinVersions() {
        super("DL3062", Severity.WARNING, "Pin versions in go. Instead of `go install <package>` use `go install <package>@<version>`", true);
    }

    @Override
    void check(LintContext file, Instruction.Run run, RunScript script, Findings out) {
        List<ShellCommand> cmds = script.commands();
        boolean anyRun = cmds.stream().anyMatch(c -> c.is("go", "run"));
        for (ShellCommand c : cmds) {
            List<ShellWord> words = c.argumentsWithoutFlags();
            if (anyRun) {
                if (!c.is("go", "run")) {
                    continue;
                }
                // go run PACKAGE args...: only the package (the first non-flag word after "run") is judged
                for (int i = 0; i < words.size() && i <= 1; i++) {
                    if (!words.get(i).value().equals("run") && !pinned(words.get(i).value())) {
                        out.report(c.range(words.get(i)), message());
                        return;
                    }
                }
            } else if (c.is("go", "install", "get")) {
                for (ShellWord w : words) {
                    String p = w.value();
                    if (!Set.of("install", "get", "tool").contains(p) && !pinned(p)) {
                        out.report(c.range(w), message());
                        return;
                    }
                }
            }
        }
    }

    private static boolean pinned(String p) {
        boolean local = p.equals(".") || p.startsWith("/") || p.startsWith(".");
        return local || p.contains("@") && !p.endsWith("@latest") && !p.endsWith("@none");
    }
}
