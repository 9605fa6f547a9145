package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.source.Severity;

/** DL4003: more than one CMD in a stage; only the last one counts. */
public final class Dl4003OneCmd extends DlRule {

    public Dl4003OneCmd() {
        super("DL4003", Severity.WARNING, "Multiple `CMD` instructions found. If you list more than one `CMD` then only "
                + "the last `CMD` will take effect");
    }

    @Override
    public void check(LintContext file, Findings out) {
        Repeats.report(file, Instruction.Cmd.class, message(), out);
    }
}
