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

/** DL3058: a label the schema types {@code email} that is not an e-mail address. */
public final class Dl3058LabelEmail extends LabelValueRule {

    private static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@"
                    + "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\\.)*[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?");

    public Dl3058LabelEmail() {
        super("DL3058", Severity.WARNING, "Label `%s` is not a valid email format - must conform to RFC5322.", "email");
    }

    @Override
    boolean valid(String value) {
        return EMAIL.matcher(value).matches();
    }
}
