package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.ast.KeyValue;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Step;
import io.jbuild.grammar.source.Severity;

/**
 * DL3048: a label key outside Docker's conventions: lower-case letters, digits, {@code . - _ /}, starting with a
 * letter and ending with a letter or digit, no {@code ..} or {@code --}, no reserved Docker namespace.
 */
public final class Dl3048LabelKeys extends DlRule {

    public Dl3048LabelKeys() {
        super("DL3048", Severity.STYLE, "Invalid label key.");
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Step s : file.steps(false)) {
            if (!(s.instruction() instanceof Instruction.Label l)) {
                continue;
            }
            for (KeyValue kv : l.labels()) {
                if (!valid(Sh.dropQuotes(kv.key()))) {
                    out.report(file.wordRange(l, kv.key(), 0, "="), message());
                }
            }
        }
    }

    static boolean valid(String k) {
        if (k.isEmpty()) {
            return false;
        }
        char first = k.charAt(0);
        char last = k.charAt(k.length() - 1);
        if (!(first >= 'a' && first <= 'z') || !(last >= 'a' && last <= 'z' || last >= '0' && last <= '9')) {
            return false;
        }
        for (int i = 0; i < k.length(); i++) {
            char c = k.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_' || c == '/')) {
                return false;
            }
        }
        return !(k.startsWith("com.docker.") || k.startsWith("io.docker.") || k.startsWith("org.dockerproject.")
                || k.contains("..") || k.contains("--"));
    }
}
