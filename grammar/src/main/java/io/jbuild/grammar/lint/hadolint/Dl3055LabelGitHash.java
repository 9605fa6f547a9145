package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.source.Severity;

/** DL3055: a label the schema types {@code hash} that is not a git hash (7 or 40 lower-case hex digits). */
public final class Dl3055LabelGitHash extends LabelValueRule {

    public Dl3055LabelGitHash() {
        super("DL3055", Severity.WARNING, "Label `%s` is not a valid git hash.", "hash");
    }

    @Override
    boolean valid(String value) {
        return (value.length() == 7 || value.length() == 40) && value.matches("[0-9a-f]+");
    }
}
