package io.jbuild.grammar.lint.buildkit;

import io.jbuild.grammar.ast.Flag;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.Fixes;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.QuickFix;
import io.jbuild.grammar.lint.Rule;
import io.jbuild.grammar.lint.RuleInfo;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.lint.TextEdit;
import io.jbuild.grammar.shell.Expansion;
import io.jbuild.grammar.source.SourceRange;
import java.util.List;
import java.util.Optional;

/** {@code FROM --platform=$TARGETPLATFORM}: the default anyway. Fix: remove the flag. */
public final class RedundantTargetPlatform implements Rule {

    private static final RuleInfo INFO = RuleInfo.buildkit("RedundantTargetPlatform", "redundant-target-platform",
            "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Stage s : file.stages()) {
            Instruction.From from = s.from();
            if (from.platform().isEmpty()) {
                continue;
            }
            String p = from.platform().get();
            Optional<Expansion> e = FromExpansion.expand(file.variables().expander(), p, file.variables().global());
            if (e.isEmpty() || e.get().matched().size() != 1 || !e.get().unmatched().isEmpty()
                    || !e.get().matched().contains("TARGETPLATFORM")
                    || !e.get().result().equals(file.variables().global().get("TARGETPLATFORM"))) {
                continue;
            }
            Optional<Flag> flag = platformFlag(from);
            SourceRange at = flag.map(Flag::range).orElse(from.meta().range());
            out.report(at, "Setting platform to predefined " + p + " in FROM is redundant as this is the default behavior",
                    flag.map(f -> QuickFix.of("Remove " + f.raw(), TextEdit.delete(Fixes.withTrailingBlanks(file, f.range()))))
                            .map(List::of).orElse(List.of()));
        }
    }

    static Optional<Flag> platformFlag(Instruction.From from) {
        return from.meta().flags().stream().filter(f -> f.name().equals("platform")).findFirst();
    }
}
