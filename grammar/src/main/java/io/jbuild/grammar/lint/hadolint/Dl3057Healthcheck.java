package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.source.Severity;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * DL3057 (off unless configured): a stage without HEALTHCHECK, reported at its FROM, unless a stage built on
 * it has one (which then covers it) or it builds on a stage that has one.
 */
public final class Dl3057Healthcheck extends DlRule {

    public Dl3057Healthcheck() {
        super("DL3057", Severity.INFO, "`HEALTHCHECK` instruction missing.", false);
    }

    @Override
    public void check(LintContext file, Findings out) {
        List<Stage> stages = file.stages();
        Set<Integer> good = new HashSet<>();
        for (Stage s : stages) {
            boolean has = s.instructions().stream().anyMatch(i -> i instanceof Instruction.Healthcheck);
            boolean parentGood = s.parent().map(p -> good.contains(p.index())).orElse(false);
            if (has || parentGood) {
                good.add(s.index());
                // a stage with a healthcheck makes good the stages it is built on
                for (Optional<Stage> p = s.parent(); p.isPresent(); p = p.get().parent()) {
                    good.add(p.get().index());
                }
            }
        }
        for (Stage s : stages) {
            if (!good.contains(s.index())) {
                out.report(s.from().meta().range(), message());
            }
        }
    }
}
