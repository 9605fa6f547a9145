package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Step;
import io.jbuild.grammar.lint.script.ShellCommand;
import io.jbuild.grammar.source.Severity;
import java.util.Optional;

/**
 * A rule for a RUN that leaves a package manager's cache behind (DL3009 apt lists, DL3060 yarn): judged only in
 * stages whose layers reach the image, and in every ONBUILD RUN (its image is not known here).
 */
abstract class CleanupRule extends DlRule {

    CleanupRule(String id, String message) {
        super(id, Severity.INFO, message);
    }

    /** The command that filled the cache, when the same RUN neither cleans it nor keeps it on a mount. */
    abstract Optional<ShellCommand> forgot(Instruction.Run run, LintContext file);

    @Override
    public final void check(LintContext file, Findings out) {
        for (Step s : Passes.main(file)) {
            if (s.instruction() instanceof Instruction.Run run && Passes.reachesImage(file, s.stage())) {
                forgot(run, file).ifPresent(c -> out.report(c.range(), message()));
            }
        }
        for (Step s : Passes.triggers(file)) {
            if (s.instruction() instanceof Instruction.Run run) {
                forgot(run, file).ifPresent(c -> out.report(c.range(), message()));
            }
        }
    }
}
