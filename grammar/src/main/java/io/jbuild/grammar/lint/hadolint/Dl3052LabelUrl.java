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

/** DL3052: a label the schema types {@code url} that is not an absolute URI. */
public final class Dl3052LabelUrl extends LabelValueRule {

    public Dl3052LabelUrl() {
        super("DL3052", Severity.WARNING, "Label `%s` is not a valid URL.", "url");
    }

    @Override
    boolean valid(String value) {
        try {
            java.net.URI u = new java.net.URI(value);
            return u.getScheme() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
