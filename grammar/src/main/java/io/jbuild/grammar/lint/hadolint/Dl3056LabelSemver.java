package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.source.Severity;
import java.util.regex.Pattern;

/** DL3056: a label the schema types {@code semver} that is not a semantic version. */
public final class Dl3056LabelSemver extends LabelValueRule {

    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
                    + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
                    + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");

    public Dl3056LabelSemver() {
        super("DL3056", Severity.WARNING, "Label `%s` does not conform to semantic versioning.", "semver");
    }

    @Override
    boolean valid(String value) {
        return SEMVER.matcher(value).matches();
    }
}
