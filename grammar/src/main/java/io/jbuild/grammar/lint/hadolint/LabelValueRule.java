package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.ast.KeyValue;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Step;
import io.jbuild.grammar.source.Severity;
import java.util.Map;

/**
 * The label-schema rules of one value type (DL3051-DL3056, DL3058): for each label the schema types so, a
 * LABEL that sets it to a value that is not of the type. They run only with a {@code label-schema}.
 */
abstract class LabelValueRule extends DlRule {

    private final String type;
    private final String template;

    /** {@code template} has {@code %s} where the label's name goes. */
    LabelValueRule(String id, Severity severity, String template, String type) {
        super(id, severity, template.replace("%s", "<label>"));
        this.type = type;
        this.template = template;
    }

    abstract boolean valid(String value);

    @Override
    public final void check(LintContext file, Findings out) {
        Map<String, String> schema = file.config().labelSchema();
        for (Step s : file.steps(false)) {
            if (!(s.instruction() instanceof Instruction.Label l)) {
                continue;
            }
            for (KeyValue kv : l.labels()) {
                String t = schema.get(Sh.dropQuotes(kv.key()));
                if (t != null && (type == null || type.equals(t)) && !valid(Sh.dropQuotes(kv.value()))) {
                    out.report(file.wordRange(l, kv.key(), 0, "="), template.formatted(Sh.dropQuotes(kv.key())));
                }
            }
        }
    }
}
