package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.script.RunScript;
import io.jbuild.grammar.source.Severity;

/** DL3032: {@code yum install} not followed by {@code yum clean all} (or removing /var/cache/yum) in the same RUN. */
public final class Dl3032YumClean extends RunRule {

    public Dl3032YumClean() {
        super("DL3032", Severity.WARNING, "`yum clean all` missing after yum command.", true);
    }

    @Override
    void check(LintContext file, Instruction.Run run, RunScript script, Findings out) {
        int install = Sh.indexOf(script, c -> c.is("yum", "install"));
        if (install < 0 || Sh.before(script, c -> c.is("yum", "install"),
                c -> c.is("yum", "clean", "all") || c.is("rm", "-rf", "/var/cache/yum/*"))) {
            return;
        }
        out.report(script.commands().get(install).range(), message());
    }
}
