package io.jbuild.grammar.lint;

import io.jbuild.grammar.source.SourceRange;
import java.util.List;

/** Where a rule reports; the linter adds severity, documentation and suppression. */
public interface Findings {

    void report(SourceRange range, String message, List<QuickFix> fixes);

    default void report(SourceRange range, String message) {
        report(range, message, List.of());
    }

    default void report(SourceRange range, String message, QuickFix fix) {
        report(range, message, List.of(fix));
    }
}
