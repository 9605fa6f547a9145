package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Step;
import io.jbuild.grammar.source.Severity;
import java.util.Set;

/**
 * DL3059: consecutive RUNs with the same flags, each a single command: one RUN makes one layer. RUNs that
 * chain commands are left alone (their author chose to split there).
 */
public final class Dl3059ConsolidateRuns extends DlRule {

    public Dl3059ConsolidateRuns() {
        super("DL3059", Severity.INFO, "Multiple consecutive `RUN` instructions. Consider consolidation.");
    }

    @Override
    public void check(LintContext file, Findings out) {
        Instruction.Run previous = null;
        for (Step s : Passes.main(file)) {
            if (!(s.instruction() instanceof Instruction.Run run)) {
                previous = null;
                continue;
            }
            if (previous != null && sameFlags(previous, run) && single(file, previous) && single(file, run)) {
                out.report(run.meta().range(), message());
            }
            previous = run;
        }
    }

    private static boolean single(LintContext file, Instruction.Run run) {
        return file.script(run).commands().size() <= 1;
    }

    private static boolean sameFlags(Instruction.Run a, Instruction.Run b) {
        return Set.copyOf(a.mounts()).equals(Set.copyOf(b.mounts())) && a.network().equals(b.network())
                && a.security().equals(b.security());
    }
}
