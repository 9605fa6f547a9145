package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.ast.KeyValue;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.lint.Step;
import io.jbuild.grammar.source.Severity;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** DL3056: a label the schema types {@code semver} that is not a semantic version. */
public final class Dl3056LabelSemver extends LabelValueRule {

    private static final java.util.regex.Pattern SEMVER = java.util.regex.Pattern.compile(
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
