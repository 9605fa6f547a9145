package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.script.RunScript;
import io.jbuild.grammar.source.Severity;

/** DL3036: {@code zypper install} not followed by {@code zypper clean} (a cache mount on /var/cache/zypp is fine). */
public final class Dl3036ZypperClean extends RunRule {

    public Dl3036ZypperClean() {
        super("DL3036", Severity.WARNING, "`zypper clean` missing after zypper use.", true);
    }

    @Override
    void check(LintContext file, Instruction.Run run, RunScript script, Findings out) {
        int install = Sh.indexOf(script, c -> c.is("zypper", "install", "in"));
        if (install < 0 || Sh.cacheOrTmpfsMount(run, "/var/cache/zypp")
                || Sh.before(script, c -> c.is("zypper", "install", "in"), c -> c.is("zypper", "clean", "cc"))) {
            return;
        }
        out.report(script.commands().get(install).range(), message());
    }
}
