package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.source.Severity;

/** DL3051: a schema label set to the empty string. */
public final class Dl3051LabelNotEmpty extends LabelValueRule {

    public Dl3051LabelNotEmpty() {
        super("DL3051", Severity.WARNING, "label `%s` is empty.", null);
    }

    @Override
    boolean valid(String value) {
        return !value.isEmpty();
    }
}
