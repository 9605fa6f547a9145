package io.jbuild.grammar.lint.buildkit;

import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.QuickFix;
import io.jbuild.grammar.lint.Rule;
import io.jbuild.grammar.lint.RuleInfo;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.lint.TextEdit;
import io.jbuild.grammar.source.SourceRange;
import java.util.Locale;

/** A stage name written with upper-case letters ({@code FROM x AS Builder}); BuildKit lowercases it anyway. */
public final class StageNameCasing implements Rule {

    private static final RuleInfo INFO = RuleInfo.buildkit("StageNameCasing", "stage-name-casing",
            "Stage names should be lowercase");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Stage s : file.stages()) {
            String written = Froms.writtenStageName(file, s.from());
            if (written == null || written.equals(written.toLowerCase(Locale.ROOT))) {
                continue;
            }
            SourceRange at = Froms.stageNameRange(file, s.from(), written);
            out.report(at, "Stage name '" + written + "' should be lowercase",
                    QuickFix.of("Lowercase the stage name", new TextEdit(at, written.toLowerCase(Locale.ROOT))));
        }
    }
}
