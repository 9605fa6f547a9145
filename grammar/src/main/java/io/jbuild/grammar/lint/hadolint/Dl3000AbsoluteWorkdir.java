package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Step;
import io.jbuild.grammar.source.Severity;

/** DL3000: a WORKDIR that is neither absolute ({@code /x}, {@code C:}) nor a variable. */
public final class Dl3000AbsoluteWorkdir extends DlRule {

    public Dl3000AbsoluteWorkdir() {
        super("DL3000", Severity.ERROR, "Use absolute WORKDIR");
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Step s : file.steps(false)) {
            if (s.instruction() instanceof Instruction.Workdir w) {
                String p = Sh.dropQuotes(w.path());
                if (!(p.startsWith("$") || p.startsWith("/") || Sh.isWindowsAbsolute(p))) {
                    out.report(file.argumentsRange(w), message());
                }
            }
        }
    }
}
