package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.source.Severity;

/** DL3061: an instruction other than ARG before the first FROM. */
public final class Dl3061InstructionOrder extends DlRule {

    public Dl3061InstructionOrder() {
        super("DL3061", Severity.ERROR, "Invalid instruction order. Dockerfile must begin with `FROM`, `ARG` or comment.");
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Instruction i : file.globalInstructions()) {
            if (!(i instanceof Instruction.Arg)) {
                out.report(i.meta().range(), message());
            }
        }
    }
}
