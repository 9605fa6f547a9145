package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.source.Severity;

/** DL4004: more than one ENTRYPOINT in a stage; only the last one counts. */
public final class Dl4004OneEntrypoint extends DlRule {

    public Dl4004OneEntrypoint() {
        super("DL4004", Severity.ERROR, "Multiple `ENTRYPOINT` instructions found. If you list more than one "
                + "`ENTRYPOINT` then only the last `ENTRYPOINT` will take effect");
    }

    @Override
    public void check(LintContext file, Findings out) {
        Repeats.report(file, Instruction.Entrypoint.class, message(), out);
    }
}
