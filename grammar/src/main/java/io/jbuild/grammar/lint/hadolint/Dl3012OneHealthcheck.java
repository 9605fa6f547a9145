package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.source.Severity;

/** DL3012: more than one HEALTHCHECK in a stage; reported at each one after the first. */
public final class Dl3012OneHealthcheck extends DlRule {

    public Dl3012OneHealthcheck() {
        super("DL3012", Severity.ERROR, "Multiple `HEALTHCHECK` instructions");
    }

    @Override
    public void check(LintContext file, Findings out) {
        Repeats.report(file, Instruction.Healthcheck.class, message(), out);
    }
}
