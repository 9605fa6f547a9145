package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.script.RunScript;
import io.jbuild.grammar.lint.script.ShellCommand;
import io.jbuild.grammar.source.Severity;

/** DL3046: {@code useradd -u} with a long UID and without {@code -l}: the lastlog file grows huge. */
public final class Dl3046UseraddLongUid extends RunRule {

    public Dl3046UseraddLongUid() {
        super("DL3046", Severity.WARNING, "`useradd` without flag `-l` and high UID will result in excessively large Image.", true);
    }

    @Override
    void check(LintContext file, Instruction.Run run, RunScript script, Findings out) {
        for (ShellCommand c : script.commands()) {
            if (c.name().equals("useradd") && !c.hasAnyFlag("l", "no-log-init") && c.hasAnyFlag("u", "uid")
                    && c.flagValues("u").stream().anyMatch(v -> v.length() > 5)) {
                out.report(c.range(), message());
            }
        }
    }
}
