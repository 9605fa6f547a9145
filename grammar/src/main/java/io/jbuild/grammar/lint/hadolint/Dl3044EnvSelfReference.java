package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.ast.KeyValue;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Step;
import io.jbuild.grammar.source.Severity;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * DL3044: an ENV whose value uses a variable that another pair of the same ENV defines (and no earlier ENV or
 * ARG did): {@code ENV A=1 B=$A} does not see the new A.
 */
public final class Dl3044EnvSelfReference extends DlRule {

    public Dl3044EnvSelfReference() {
        super("DL3044", Severity.ERROR, "Do not refer to an environment variable within the same `ENV` statement where it is defined.");
    }

    @Override
    public void check(LintContext file, Findings out) {
        Set<String> defined = new HashSet<>();
        for (Step s : file.steps(false)) {
            if (s.instruction() instanceof Instruction.Arg a) {
                a.declarations().forEach(d -> defined.add(d.name()));
            } else if (s.instruction() instanceof Instruction.Env e) {
                List<KeyValue> pairs = e.variables();
                for (int i = 0; i < pairs.size(); i++) {
                    String var = pairs.get(i).key();
                    boolean referenced = false;
                    for (int j = 0; j < pairs.size(); j++) {
                        if (j != i && references(pairs.get(j).value(), var)) {
                            referenced = true;
                        }
                    }
                    if (referenced && !defined.contains(var)) {
                        out.report(e.meta().range(), message());
                        break;
                    }
                }
                pairs.forEach(kv -> defined.add(kv.key()));
            }
        }
    }

    /** {@code ${var}} or {@code $var} not followed by another name character. */
    static boolean references(String text, String var) {
        if (text.contains("${" + var + "}")) {
            return true;
        }
        String bare = "$" + var;
        int at = text.indexOf(bare);
        while (at >= 0) {
            int end = at + bare.length();
            if (end >= text.length() || !(Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                return true;
            }
            at = text.indexOf(bare, at + 1);
        }
        return false;
    }
}
