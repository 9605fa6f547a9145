package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.script.RunScript;
import io.jbuild.grammar.source.Severity;
import java.util.List;

/** DL3040: {@code dnf install} (or upgrade, reinstall) not followed by {@code dnf clean all} of the same tool. */
public final class Dl3040DnfClean extends RunRule {

    private static final String[] INSTALL = {"install", "in", "upgrade", "up", "upgrade-minimal", "up-min", "reinstall", "rei"};

    public Dl3040DnfClean() {
        super("DL3040", Severity.WARNING, "`dnf clean all` missing after dnf command.", true);
    }

    @Override
    void check(LintContext file, Instruction.Run run, RunScript script, Findings out) {
        if (Sh.cacheOrTmpfsMount(run, "/var/cache/libdnf5") || Sh.cacheOrTmpfsMount(run, ".cache/libdnf5")) {
            return;
        }
        for (String tool : List.of("dnf", "microdnf")) {
            int install = Sh.indexOf(script, c -> c.is(tool, INSTALL));
            if (install >= 0 && !Sh.before(script, c -> c.is(tool, INSTALL),
                    c -> c.is(tool, "clean", "all") || c.is("rm", "-rf", "/var/cache/libdnf5*"))) {
                out.report(script.commands().get(install).range(), message());
                return;
            }
        }
    }
}
