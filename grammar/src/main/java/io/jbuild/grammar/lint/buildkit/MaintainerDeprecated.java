package io.jbuild.grammar.lint.buildkit;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.Fixes;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Rule;
import io.jbuild.grammar.lint.RuleInfo;
import io.jbuild.grammar.lint.Step;

/** MAINTAINER; fix: the OCI authors label. */
public final class MaintainerDeprecated implements Rule {

    private static final RuleInfo INFO = RuleInfo.buildkit("MaintainerDeprecated", "maintainer-deprecated",
            "The MAINTAINER instruction is deprecated, use a label instead to define an image author");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Step s : file.steps(false)) {
            if (s.instruction() instanceof Instruction.Maintainer m) {
                out.report(m.meta().range(), "Maintainer instruction is deprecated in favor of using label",
                        Fixes.maintainerLabel(file, m));
            }
        }
    }
}
