package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.lint.Rule;
import io.jbuild.grammar.lint.RuleInfo;
import io.jbuild.grammar.source.Severity;

/** A hadolint rule: one id, one severity, one message for every finding (as hadolint reports them). */
abstract class DlRule implements Rule {

    private final RuleInfo info;

    DlRule(String id, Severity severity, String message) {
        this.info = RuleInfo.hadolint(id, severity, message);
    }

    /** For rules hadolint runs only when configured (its "ignore" severity). */
    DlRule(String id, Severity severity, String message, boolean enabledByDefault) {
        RuleInfo i = RuleInfo.hadolint(id, severity, message);
        this.info = enabledByDefault ? i : i.disabledByDefault();
    }

    @Override
    public final RuleInfo info() {
        return info;
    }

    final String message() {
        return info.description();
    }
}
