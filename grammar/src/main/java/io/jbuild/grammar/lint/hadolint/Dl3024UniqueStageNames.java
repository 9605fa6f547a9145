package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.source.Severity;
import java.util.HashSet;
import java.util.Set;

/** DL3024: two FROMs with the same stage name. */
public final class Dl3024UniqueStageNames extends DlRule {

    public Dl3024UniqueStageNames() {
        super("DL3024", Severity.ERROR, "FROM aliases (stage names) must be unique");
    }

    @Override
    public void check(LintContext file, Findings out) {
        Set<String> seen = new HashSet<>();
        for (Stage s : file.stages()) {
            if (s.name().isPresent() && !seen.add(s.name().get())) {
                out.report(s.from().meta().range(), message());
            }
        }
    }
}
