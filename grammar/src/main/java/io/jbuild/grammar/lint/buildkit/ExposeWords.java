package io.jbuild.grammar.lint.buildkit;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.VariableScopes;
import io.jbuild.grammar.source.SourceRange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The ports of an EXPOSE after expansion (one written word may give several), with where each was written. */
final class ExposeWords {

    record Port(String value, String written, SourceRange range) {
    }

    private ExposeWords() {
    }

    static List<Port> of(LintContext file, Instruction.Expose e, VariableScopes.Scope scope) {
        List<Port> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String written : e.ports()) {
            int occurrence = seen.merge(written, 1, Integer::sum) - 1;
            SourceRange at = file.wordRange(e, written, occurrence, "");
            List<String> values;
            try {
                values = file.variables().expander().processWords(written, scope.lookup());
            } catch (Exception ex) {
                values = List.of(written);
            }
            for (String v : values) {
                out.add(new Port(v, written, at));
            }
        }
        return out;
    }
}
