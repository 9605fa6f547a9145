package io.jbuild.grammar.lint;

import io.jbuild.grammar.source.Severity;
import io.jbuild.grammar.source.SourceRange;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One finding of the linter.
 *
 * @param ruleId      the rule, e.g. {@code JSONArgsRecommended} or {@code DL3008}; {@code syntax} and
 *                    {@code instruction} for what the parser rejects
 * @param severity    after configuration
 * @param message     a sentence about this occurrence
 * @param range       where it is (end exclusive)
 * @param url         the rule's documentation
 * @param description what the rule is about in general
 * @param fixes       mechanical fixes, empty when there is none
 */
public record LintDiagnostic(String ruleId, Severity severity, String message, SourceRange range,
                             Optional<String> url, String description, List<QuickFix> fixes) {

    public LintDiagnostic {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(description, "description");
        fixes = List.copyOf(fixes);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** Compiler style: {@code file:line:col: severity rule: message}. */
    public String format(String file) {
        return file + ":" + range.start().line() + ":" + range.start().column() + ": " + severity.label() + " "
                + ruleId + ": " + message;
    }
}
