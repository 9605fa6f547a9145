package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.QuickFix;
import io.jbuild.grammar.lint.script.RunScript;
import io.jbuild.grammar.lint.script.ShellCommand;
import io.jbuild.grammar.source.Severity;
import java.util.List;

/** DL3019: {@code apk add} without {@code --no-cache} (a cache mount on /var/cache/apk is fine); fix: add it. */
public final class Dl3019ApkNoCache extends RunRule {

    public Dl3019ApkNoCache() {
        super("DL3019", Severity.INFO, "Use the `--no-cache` switch to avoid the need to use `--update` and remove "
                + "`/var/cache/apk/*` when done installing packages", true);
    }

    @Override
    void check(LintContext file, Instruction.Run run, RunScript script, Findings out) {
        if (Sh.cacheOrTmpfsMount(run, "/var/cache/apk")) {
            return;
        }
        for (ShellCommand c : script.commands()) {
            if (c.is("apk", "add") && !c.hasFlag("no-cache")) {
                out.report(c.range(), message(), Insert.after(c, "add", " --no-cache")
                        .map(e -> List.of(QuickFix.of("Add --no-cache", e))).orElse(List.of()));
            }
        }
    }
}
