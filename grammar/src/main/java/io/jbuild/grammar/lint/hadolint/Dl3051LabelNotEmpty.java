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
