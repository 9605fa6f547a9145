package io.jbuild.grammar.lint.buildkit;

import io.jbuild.grammar.source.Suggest;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Rule;
import io.jbuild.grammar.lint.RuleInfo;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.lint.VariableScopes;
import io.jbuild.grammar.shell.Expansion;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** A variable in FROM (image or {@code --platform}) that no ARG before the first FROM declares. */
public final class UndefinedArgInFrom implements Rule {

    private static final RuleInfo INFO = RuleInfo.buildkit("UndefinedArgInFrom", "undefined-arg-in-from",
            "FROM command must use declared ARGs");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext file, Findings out) {
        VariableScopes vars = file.variables();
        Set<String> known = new LinkedHashSet<>(vars.global().keySet());
        known.addAll(vars.globalDeclared());
        for (Stage s : file.stages()) {
            Instruction.From from = s.from();
            report(file, from, from.image(), known, out);
            from.platform().ifPresent(p -> report(file, from, p, known, out));
        }
    }

    private static void report(LintContext file, Instruction.From from, String word, Set<String> known, Findings out) {
        Optional<Expansion> e = FromExpansion.expand(file.variables().expander(), word, file.variables().global());
        if (e.isEmpty()) {
            return;
        }
        for (String name : new TreeSet<>(e.get().unmatched())) {
            if (known.contains(name)) {
                continue;
            }
            Optional<String> suggestion = Suggest.search(name, known, true);
            out.report(Scopes.variable(file, from, name), "FROM argument '" + name + "' is not declared"
                    + suggestion.map(m -> " (did you mean " + m + "?)").orElse(""));
        }
    }
}
