package io.jbuild.grammar.lint.buildkit;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.QuickFix;
import io.jbuild.grammar.lint.Rule;
import io.jbuild.grammar.lint.RuleInfo;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.lint.TextEdit;
import io.jbuild.grammar.source.SourceRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Instruction keywords in a case other than the majority's ({@code RUN} among {@code run}s, or {@code Run}).
 * As in BuildKit, the instructions of stages count (FROM and what follows), not the ARGs before the first FROM.
 */
public final class ConsistentInstructionCasing implements Rule {

    private static final RuleInfo INFO = RuleInfo.buildkit("ConsistentInstructionCasing", "consistent-instruction-casing",
            "All commands within the Dockerfile should use the same casing (either upper or lower)");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext file, Findings out) {
        List<Instruction> all = new ArrayList<>();
        for (Stage s : file.stages()) {
            all.add(s.from());
            all.addAll(s.instructions());
        }
        int lower = 0;
        int upper = 0;
        for (Instruction i : all) {
            String k = i.meta().keyword();
            if (k.equals(k.toLowerCase(Locale.ROOT))) {
                lower++;
            } else if (k.equals(k.toUpperCase(Locale.ROOT))) {
                upper++;
            }
        }
        boolean majorityLower = lower > upper;
        for (Instruction i : all) {
            String k = i.meta().keyword();
            String fixed = majorityLower ? k.toLowerCase(Locale.ROOT) : k.toUpperCase(Locale.ROOT);
            if (!k.equals(fixed)) {
                SourceRange at = file.keywordRange(i);
                out.report(at, "Command '" + k + "' should match the case of the command majority ("
                        + (majorityLower ? "lowercase" : "uppercase") + ")",
                        QuickFix.of("Write '" + fixed + "'", new TextEdit(at, fixed)));
            }
        }
    }
}
