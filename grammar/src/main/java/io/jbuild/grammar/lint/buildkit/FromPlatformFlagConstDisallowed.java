package io.jbuild.grammar.lint.buildkit;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.gotext.GoText;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Rule;
import io.jbuild.grammar.lint.RuleInfo;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.platform.PlatformSpecifier;
import io.jbuild.grammar.shell.Expansion;
import java.util.Optional;

/**
 * {@code FROM --platform=linux/amd64}: a constant platform pins the stage, unless the stage's name says so
 * (it contains the platform's OS or architecture, as in {@code AS build-amd64}).
 */
public final class FromPlatformFlagConstDisallowed implements Rule {

    private static final RuleInfo INFO = RuleInfo.buildkit("FromPlatformFlagConstDisallowed",
            "from-platform-flag-const-disallowed", "FROM --platform flag should not use a constant value");

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
            Optional<Expansion> e = FromExpansion.expand(file.variables().expander(), from.platform().get(),
                    file.variables().global());
            if (e.isEmpty() || !e.get().matched().isEmpty() || !e.get().unmatched().isEmpty()) {
                continue;
            }
            PlatformSpecifier p;
            try {
                p = PlatformSpecifier.parse(e.get().result());
            } catch (IllegalArgumentException notAPlatform) {
                continue; // BuildKit fails the build at this FROM instead
            }
            String name = s.name().orElse("");
            if (name.contains(p.os()) || name.contains(p.architecture())) {
                continue;
            }
            out.report(RedundantTargetPlatform.platformFlag(from).map(f -> f.range()).orElse(from.meta().range()),
                    "FROM --platform flag should not use constant value " + GoText.quote(e.get().result()));
        }
    }
}
