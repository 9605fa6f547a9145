package io.jbuild.grammar.lint.buildkit;

import io.jbuild.grammar.source.Suggest;
import io.jbuild.grammar.ast.ArgDeclaration;
import io.jbuild.grammar.ast.Heredoc;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.ast.KeyValue;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Rule;
import io.jbuild.grammar.lint.RuleInfo;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.lint.VariableScopes;
import io.jbuild.grammar.shell.ShellWordExpander;
import java.util.ArrayList;
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
                for (String w : expandedWords(file, i)) {
                    collect(words, w, scope, unmatched);
                }
                for (Heredoc h : expandedHeredocs(i)) {
                    collect(raw, h.effectiveContent(), scope, unmatched);
                }
                for (String name : unmatched) {
                    if (scope.declared().contains(name) || VariableScopes.NON_ENV_ARGS.contains(name)) {
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

    /** The words BuildKit expands with the stage's variables, per instruction. */
    static List<String> expandedWords(LintContext file, Instruction i) {
        List<String> out = new ArrayList<>();
        if (i instanceof Instruction.Env e) {
            e.variables().forEach(kv -> addPair(out, kv));
        } else if (i instanceof Instruction.Label l) {
            l.labels().forEach(kv -> addPair(out, kv));
        } else if (i instanceof Instruction.Arg a) {
            for (ArgDeclaration d : a.declarations()) {
                if (!file.options().buildArgs().containsKey(d.name())) {
                    d.defaultValue().ifPresent(out::add);
                }
            }
        } else if (i instanceof Instruction.Copy c) {
            c.chown().ifPresent(out::add);
            c.chmod().ifPresent(out::add);
            out.addAll(c.sources());
            out.add(c.destination());
        } else if (i instanceof Instruction.Add a) {
            a.chown().ifPresent(out::add);
            a.chmod().ifPresent(out::add);
            a.checksum().ifPresent(out::add);
            out.addAll(a.sources());
            out.add(a.destination());
        } else if (i instanceof Instruction.Workdir w) {
            out.add(w.path());
        } else if (i instanceof Instruction.User u) {
            out.add(u.user());
        } else if (i instanceof Instruction.Volume v) {
            out.addAll(v.paths());
        } else if (i instanceof Instruction.StopSignal s) {
            out.add(s.signal());
        } else if (i instanceof Instruction.Run r) {
            out.addAll(r.mounts());
        }
        return out;
    }

    private static void addPair(List<String> out, KeyValue kv) {
        out.add(kv.key());
        out.add(kv.value());
    }

    /** COPY/ADD here-documents with an unquoted delimiter: BuildKit expands their bodies. */
    private static List<Heredoc> expandedHeredocs(Instruction i) {
        List<Heredoc> docs = i instanceof Instruction.Copy c ? c.inlineSources()
                : i instanceof Instruction.Add a ? a.inlineSources() : List.of();
        return docs.stream().filter(Heredoc::expand).toList();
    }
}
