package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Step;
import io.jbuild.grammar.source.Severity;

/** DL3021: COPY of several sources to a destination that does not end with {@code /}. */
public final class Dl3021CopyDestinationSlash extends DlRule {

    public Dl3021CopyDestinationSlash() {
        super("DL3021", Severity.ERROR, "COPY with more than 2 arguments requires the last argument to end with /");
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Step s : file.steps(false)) {
            if (s.instruction() instanceof Instruction.Copy c && c.sources().size() + c.inlineSources().size() > 1) {
                String d = Sh.dropQuotes(c.destination());
                if (d.isEmpty() || !d.endsWith("/")) {
                    out.report(file.wordRange(c, c.destination(), 0, ""), message());
                }
            }
        }
    }
}
