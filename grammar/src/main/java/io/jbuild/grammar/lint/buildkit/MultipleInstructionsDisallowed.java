package io.jbuild.grammar.lint.buildkit;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Rule;
import io.jbuild.grammar.lint.RuleInfo;
import io.jbuild.grammar.lint.Stage;
import java.util.HashMap;
import java.util.Map;

/** A second CMD, ENTRYPOINT or HEALTHCHECK in a stage: reported at the earlier one, which has no effect. */
public final class MultipleInstructionsDisallowed implements Rule {

    private static final RuleInfo INFO = RuleInfo.buildkit("MultipleInstructionsDisallowed",
            "multiple-instructions-disallowed", "Multiple instructions of the same type should not be used in the same stage");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Stage s : file.stages()) {
            Map<Class<?>, Instruction> last = new HashMap<>();
            for (Instruction i : s.instructions()) {
                if (i instanceof Instruction.Cmd || i instanceof Instruction.Entrypoint || i instanceof Instruction.Healthcheck) {
                    Instruction previous = last.put(i.getClass(), i);
                    if (previous != null) {
                        out.report(previous.meta().range(), "Multiple " + i.meta().keyword()
                                + " instructions should not be used in the same stage because only the last one will be used");
                    }
                }
            }
        }
    }
}
