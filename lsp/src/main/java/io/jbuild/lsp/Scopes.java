package io.jbuild.lsp;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.lint.VariableScopes;
import io.jbuild.grammar.source.Position;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The ARG and ENV values an instruction sees, as the linter works them out (defaults, build args, ENV). */
final class Scopes {

    /**
     * What is in scope at one instruction.
     *
     * @param values   variables with a value
     * @param declared ARG names declared without one (they expand to nothing unless given as build args)
     */
    record InScope(Map<String, String> values, Set<String> declared) {

        Set<String> names() {
            Set<String> out = new LinkedHashSet<>(values.keySet());
            out.addAll(declared);
            return out;
        }
    }

    private Scopes() {
    }

    /** The scope the instruction at {@code p} runs in: the global one for FROM and what comes before the first. */
    static InScope at(Analysis a, Position p) {
        LintContext c = a.context();
        VariableScopes v = c.variables();
        Optional<Instruction> at = CodeActions.instructionAt(a, p);
        for (Stage s : c.stages()) {
            if (at.isPresent() && s.instructions().contains(at.get())) {
                InScope[] found = new InScope[1];
                v.walk(s, (i, before) -> {
                    if (i == at.get() && before != null) {
                        found[0] = new InScope(before.values(), before.declared());
                    }
                });
                if (found[0] != null) {
                    return found[0];
                }
                VariableScopes.Scope start = v.stageStart(s);
                return new InScope(start.values(), start.declared());
            }
        }
        return new InScope(v.global(), v.globalDeclared());
    }
}
