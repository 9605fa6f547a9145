package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.Fixes;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Step;
import io.jbuild.grammar.source.Severity;

/** DL4000: MAINTAINER. Fix: the OCI authors label. */
public final class Dl4000MaintainerDeprecated extends DlRule {

    public Dl4000MaintainerDeprecated() {
        super("DL4000", Severity.ERROR, "MAINTAINER is deprecated");
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Step s : file.steps(false)) {
            if (s.instruction() instanceof Instruction.Maintainer m) {
                out.report(m.meta().range(), message(),
                        Fixes.maintainerLabel(file, m));
            }
        }
    }
}
