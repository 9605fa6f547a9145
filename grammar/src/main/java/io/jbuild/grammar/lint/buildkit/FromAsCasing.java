package io.jbuild.grammar.lint.buildkit;

import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.Fixes;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.QuickFix;
import io.jbuild.grammar.lint.Rule;
import io.jbuild.grammar.lint.RuleInfo;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.lint.TextEdit;
import io.jbuild.grammar.source.SourceRange;
import java.util.List;
import java.util.Locale;

/** {@code FROM x as y} or {@code from x AS y}: AS in another case than FROM (a mixed-case FROM is not judged). */
public final class FromAsCasing implements Rule {

    private static final RuleInfo INFO = RuleInfo.buildkit("FromAsCasing", "from-as-casing",
            "The 'as' keyword should match the case of the 'from' keyword");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Stage s : file.stages()) {
            List<String> w = Froms.words(file, s.from());
            if (w == null) {
                continue;
            }
            String from = s.from().meta().keyword();
            String as = w.get(1);
            boolean lower = from.equals(from.toLowerCase(Locale.ROOT));
            boolean upper = from.equals(from.toUpperCase(Locale.ROOT));
            if (!lower && !upper || as.equals(Fixes.caseLike(as, from))) {
                continue;
            }
            SourceRange at = Froms.asRange(file, s.from());
            out.report(at, "'" + as + "' and '" + from + "' keywords' casing do not match",
                    QuickFix.of("Write '" + Fixes.caseLike(as, from) + "'", new TextEdit(at, Fixes.caseLike(as, from))));
        }
    }
}
