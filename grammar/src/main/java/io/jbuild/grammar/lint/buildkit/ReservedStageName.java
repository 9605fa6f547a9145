package io.jbuild.grammar.lint.buildkit;

import io.jbuild.grammar.gotext.GoText;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Rule;
import io.jbuild.grammar.lint.RuleInfo;
import io.jbuild.grammar.lint.Stage;
import java.util.Set;

/** A stage named {@code scratch} or {@code context}, names that mean something else to FROM and COPY. */
public final class ReservedStageName implements Rule {

    static final Set<String> RESERVED = Set.of("context", "scratch");

    private static final RuleInfo INFO = RuleInfo.buildkit("ReservedStageName", "reserved-stage-name",
            "Reserved words should not be used as stage names");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Stage s : file.stages()) {
            if (s.name().isPresent() && RESERVED.contains(s.name().get())) {
                String written = Froms.writtenStageName(file, s.from());
                out.report(Froms.stageNameRange(file, s.from(), written),
                        "Stage name should not use the same name as reserved stage " + GoText.quote(s.name().get()));
            }
        }
    }
}
