package io.jbuild.grammar.lint.buildkit;

import io.jbuild.grammar.gotext.GoText;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Rule;
import io.jbuild.grammar.lint.RuleInfo;
import io.jbuild.grammar.lint.Stage;
import java.util.HashSet;
import java.util.Set;

/** Two stages with the same name (names compare in lower case). */
public final class DuplicateStageName implements Rule {

    private static final RuleInfo INFO = RuleInfo.buildkit("DuplicateStageName", "duplicate-stage-name",
            "Stage names should be unique");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext file, Findings out) {
        Set<String> seen = new HashSet<>();
        for (Stage s : file.stages()) {
            if (s.name().isPresent() && !seen.add(s.name().get())) {
                String written = Froms.writtenStageName(file, s.from());
                out.report(Froms.stageNameRange(file, s.from(), written), "Duplicate stage name "
                        + GoText.quote(s.name().get()) + ", stage names should be unique");
            }
        }
    }
}
