package io.jbuild.grammar.lint.buildkit;

import io.jbuild.grammar.source.Suggest;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.ast.WordExpansion;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Rule;
import io.jbuild.grammar.lint.RuleInfo;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.lint.VariableScopes;
import io.jbuild.grammar.scope.ScopeRules;
import io.jbuild.grammar.shell.ShellWordExpander;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A variable used where BuildKit expands it (ENV, LABEL, ARG defaults, COPY/ADD paths and flags, WORKDIR,
 * USER, VOLUME, STOPSIGNAL, RUN mounts, COPY/ADD here-documents) that is not in scope: no ARG or ENV before
 * it in the stage or the stages it builds on, nor the base image's environment.
 *
 * <p>Only the expander's {@code unmatched} set is used. When the base image's environment is not known, a name
 * is reported only if the Dockerfile declares it somewhere else (an ARG not re-declared in the stage, say) or
 * it is a near miss of a name the Dockerfile declares; any other name may come from the image.
 */
public final class UndefinedVar implements Rule {

    private static final RuleInfo INFO = RuleInfo.buildkit("UndefinedVar", "undefined-var",
            "Variables should be defined before their use");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext file, Findings out) {
        VariableScopes vars = file.variables();
        ShellWordExpander words = vars.expander();
        ShellWordExpander raw = ShellWordExpander.withEscape('\\').skipProcessQuotes(true);
        for (Stage s : file.stages()) {
            vars.walk(s, (i, scope) -> {
                Set<String> unmatched = new LinkedHashSet<>();
                inScope(vars, i).expand(new WordExpansion<RuntimeException>() {
                    @Override
                    public String word(String word) {
                        collect(words, word, scope, unmatched);
                        return word;
                    }

                    @Override
                    public List<String> words(String word) {
                        return List.of(word); // EXPOSE: split outside BuildKit's lint hook, not reported there
                    }

                    @Override
                    public String heredoc(String body) {
                        collect(raw, body, scope, unmatched);
                        return body;
                    }
                });
                for (String name : unmatched) {
                    if (scope.declared().contains(name) || ScopeRules.NON_ENV_ARGS.contains(name)) {
                        continue;
                    }
                    Optional<String> suggestion = Suggest.search(name, scope.values().keySet(), true);
                    boolean typoOfOurs = suggestion.isPresent() && vars.declaredAnywhere().contains(suggestion.get());
                    if (!scope.complete() && !vars.declaredAnywhere().contains(name) && !typoOfOurs) {
                        continue; // the base image may define it
                    }
                    out.report(Scopes.variable(file, i, name), "Usage of undefined variable '$" + name + "'"
                            + suggestion.map(m -> " (did you mean $" + m + "?)").orElse(""));
                }
            });
        }
    }

    private static void collect(ShellWordExpander expander, String word, VariableScopes.Scope scope, Set<String> out) {
        if (word.indexOf('$') < 0) {
            return;
        }
        try {
            out.addAll(expander.processWordWithMatches(word, scope.lookup()).unmatched());
        } catch (Exception e) {
            // BuildKit fails the build on a bad expansion; that is not this rule's to report
        }
    }

    /** An ARG's declarations whose default is used: a build argument replaces the others unexpanded. */
    private static Instruction inScope(VariableScopes vars, Instruction i) {
        if (i instanceof Instruction.Arg a) {
            return new Instruction.Arg(a.meta(), a.declarations().stream().filter(vars.rules()::usesDefault).toList());
        }
        return i;
    }
}
