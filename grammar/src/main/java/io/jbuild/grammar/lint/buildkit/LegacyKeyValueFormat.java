package io.jbuild.grammar.lint.buildkit;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.ast.KeyValue;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.QuickFix;
import io.jbuild.grammar.lint.Rule;
import io.jbuild.grammar.lint.RuleInfo;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.lint.TextEdit;
import io.jbuild.grammar.source.SourceRange;
import java.util.List;
import java.util.Optional;

/** {@code ENV key value} and {@code LABEL key value}; fix: {@code key=value}, quoted when the value has blanks. */
public final class LegacyKeyValueFormat implements Rule {

    private static final RuleInfo INFO = RuleInfo.buildkit("LegacyKeyValueFormat", "legacy-key-value-format",
            "Legacy key/value format with whitespace separator should not be used");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Stage s : file.stages()) {
            for (Instruction i : s.instructions()) {
                List<KeyValue> pairs = i instanceof Instruction.Env e ? e.variables()
                        : i instanceof Instruction.Label l ? l.labels() : List.of();
                for (KeyValue kv : pairs) {
                    if (!kv.legacyFormat()) {
                        continue;
                    }
                    String name = i.meta().keyword();
                    SourceRange args = file.argumentsRange(i);
                    List<QuickFix> fixes = keyEqualsValue(kv, file.escape())
                            .map(text -> List.of(QuickFix.of("Use " + name + " key=value", new TextEdit(args, text))))
                            .orElse(List.of());
                    out.report(args, "\"" + name + " key=value\" should be used instead of legacy \"" + name
                            + " key value\" format", fixes);
                }
            }
        }
    }

    /**
     * {@code key=value} meaning the same as the legacy pair: the value as is when it has no blanks or is one
     * quoted string, else in double quotes; none when quotes or escapes inside would change meaning.
     */
    static Optional<String> keyEqualsValue(KeyValue kv, char escape) {
        String v = kv.value();
        boolean blanks = v.chars().anyMatch(c -> c == ' ' || c == '\t');
        boolean quotes = v.indexOf('"') >= 0 || v.indexOf('\'') >= 0;
        boolean escapes = v.indexOf(escape) >= 0 || v.indexOf('\\') >= 0;
        if (!blanks) {
            return Optional.of(kv.key() + "=" + v);
        }
        if (!quotes && !escapes) {
            return Optional.of(kv.key() + "=\"" + v + "\"");
        }
        boolean oneQuoted = v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'')
                && v.charAt(v.length() - 1) == v.charAt(0) && v.indexOf(v.charAt(0), 1) == v.length() - 1 && !escapes;
        return oneQuoted ? Optional.of(kv.key() + "=" + v) : Optional.empty();
    }
}
