package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.lint.Step;
import io.jbuild.grammar.source.Severity;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * DL3049: a label of the schema that a stage does not set (nor a stage it builds on), reported at its FROM.
 * Stages only used as {@code COPY --from} sources are not judged: their labels do not reach an image.
 */
public final class Dl3049MissingLabels extends DlRule {

    public Dl3049MissingLabels() {
        super("DL3049", Severity.INFO, "Label `<label>` is missing.");
    }

    @Override
    public void check(LintContext file, Findings out) {
        Set<String> copiedFrom = new HashSet<>();
        for (Step s : file.steps(false)) {
            if (s.instruction() instanceof Instruction.Copy c) {
                c.from().ifPresent(f -> copiedFrom.add(f.toLowerCase(Locale.ROOT)));
            }
        }
        for (String label : file.config().labelSchema().keySet()) {
            for (Stage s : file.stages()) {
                if (s.name().filter(copiedFrom::contains).isPresent() || sets(s, label)) {
                    continue;
                }
                out.report(s.from().meta().range(), "Label `" + label + "` is missing.");
            }
        }
    }

    private static boolean sets(Stage s, String label) {
        for (Optional<Stage> cur = Optional.of(s); cur.isPresent(); cur = cur.get().parent()) {
            boolean here = cur.get().instructions().stream().anyMatch(i -> i instanceof Instruction.Label l
                    && l.labels().stream().anyMatch(kv -> Sh.dropQuotes(kv.key()).equals(label)));
            if (here) {
                return true;
            }
        }
        return false;
    }
}
