package io.jbuild.grammar.lint;

import io.jbuild.grammar.platform.PlatformSpecifier;
import io.jbuild.grammar.scope.PlatformArgs;
import io.jbuild.grammar.scope.ScopeRules;
import io.jbuild.grammar.shell.DefaultPath;
import io.jbuild.grammar.ast.WordExpansion;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.shell.ExpansionException;
import io.jbuild.grammar.shell.ShellWordExpander;
import io.jbuild.grammar.shell.VariableLookup;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The variables in scope where each instruction runs, computed the way BuildKit's dispatcher does: the
 * predefined platform ARGs and the ARGs before the first FROM for FROM lines; in a stage, the base image's
 * environment (or the parent stage's), ARG values and ENV values, in order. A stage on an image whose
 * environment is not known (no {@link LintOptions#baseImageEnv()}) is marked incomplete.
 */
public final class VariableScopes {

    /**
     * The scope at one point of a stage.
     *
     * @param values   variables with values (environment of the build step)
     * @param declared ARG names declared in the stage and its parent stages, with or without a value
     * @param complete false when the base image's environment is unknown
     */
    public record Scope(Map<String, String> values, Set<String> declared, boolean complete) {
        public Scope {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
            declared = Set.copyOf(declared);
        }

        public VariableLookup lookup() {
            return VariableLookup.of(values);
        }
    }

    /** Sees each instruction of a stage with the scope it runs in (before its own changes). */
    public interface Visitor {
        void visit(Instruction instruction, Scope before);
    }

    private final LintContext file;
    private final ShellWordExpander expander;
    private final ScopeRules<RuntimeException> rules;
    private final Map<String, String> global;
    private final Map<String, String> globalDefaults;
    private final Set<String> globalDeclared = new LinkedHashSet<>();
    private final Set<String> declaredAnywhere = new HashSet<>();
    private final Map<Integer, Scope> stageStart = new HashMap<>();
    private final Map<Integer, Scope> stageEnd = new HashMap<>();
    private final Map<Instruction, Scope> before = new IdentityHashMap<>();

    VariableScopes(LintContext file) {
        this.file = file;
        this.expander = ShellWordExpander.withEscape(file.escape());
        this.rules = rules(file.options().buildArgs());
        for (Step s : file.steps(false)) {
            if (s.instruction() instanceof Instruction.Arg a) {
                a.declarations().forEach(d -> declaredAnywhere.add(d.name()));
            } else if (s.instruction() instanceof Instruction.Env e) {
                e.variables().forEach(kv -> declaredAnywhere.add(kv.key()));
            }
        }
        List<Instruction.Arg> metaArgs = new ArrayList<>();
        for (Instruction i : file.globalInstructions()) {
            if (i instanceof Instruction.Arg a) {
                metaArgs.add(a);
                a.declarations().forEach(d -> globalDeclared.add(d.name()));
            }
        }
        // The linter knows the target platform only: the build platform's ARGs take it too.
        PlatformSpecifier platform = file.options().targetPlatform();
        Map<String, String> predefined = PlatformArgs.of(platform, platform, "");
        this.global = rules.globals(predefined, metaArgs);
        this.globalDefaults = rules(Map.of()).globals(predefined, metaArgs);
        for (Stage st : file.stages()) {
            Scope start = startOf(st);
            stageStart.put(st.index(), start);
            stageEnd.put(st.index(), walk(st, start, before::put));
        }
    }

    /** BuildKit's scoping rules with {@code buildArgs}; a word that cannot be expanded stays as written. */
    private ScopeRules<RuntimeException> rules(Map<String, String> buildArgs) {
        return new ScopeRules<>(buildArgs, (arg, decl, scope) -> expand(decl.defaultValue().orElseThrow(), scope));
    }

    private Scope startOf(Stage st) {
        if (st.parent().isPresent()) {
            Scope p = stageEnd.get(st.parent().get().index());
            if (p != null) {
                return p;
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        boolean complete = true;
        String image = expand(st.from().image(), global);
        if (!image.equalsIgnoreCase("scratch")) {
            Optional<Map<String, String>> known = file.options().baseImageEnv().apply(image);
            if (known.isPresent()) {
                env.putAll(known.get());
            } else {
                complete = false;
            }
        }
        env.putIfAbsent("PATH", DefaultPath.VALUE);
        return new Scope(env, Set.of(), complete);
    }

    /** Runs through a stage from {@code start}, showing each instruction its scope; returns the final scope. */
    private Scope walk(Stage st, Scope start, Visitor visitor) {
        Map<String, String> env = new LinkedHashMap<>(start.values());
        Set<String> declared = new LinkedHashSet<>(start.declared());
        Scope current = start;
        for (Instruction i : st.instructions()) {
            visitor.visit(i, current);
            if (i instanceof Instruction.Arg || i instanceof Instruction.Env) {
                rules.apply(i, env, global, new Lenient(Map.copyOf(env)));
                if (i instanceof Instruction.Arg a) {
                    a.declarations().forEach(d -> declared.add(d.name()));
                }
                current = new Scope(env, declared, start.complete());
            }
        }
        return current;
    }

    /** Expands words against fixed values, keeping a word that cannot be expanded as written. */
    private final class Lenient implements WordExpansion<RuntimeException> {
        private final Map<String, String> values;

        Lenient(Map<String, String> values) {
            this.values = values;
        }

        @Override
        public String word(String word) {
            return expand(word, values);
        }

        @Override
        public List<String> words(String word) {
            return List.of(expand(word, values));
        }

        @Override
        public String heredoc(String body) {
            return body;
        }
    }

    /** BuildKit's rules as this file's linting applies them (its build args; a word that fails stays as written). */
    public ScopeRules<RuntimeException> rules() {
        return rules;
    }

    /** Shows every instruction of {@code st} (not FROM) with the scope it runs in (computed once per file). */
    public void walk(Stage st, Visitor visitor) {
        for (Instruction i : st.instructions()) {
            visitor.visit(i, before.get(i));
        }
    }

    public Scope stageStart(Stage st) {
        return stageStart.get(st.index());
    }

    /** What FROM lines see: predefined ARGs and global ARG values (with build args). */
    public Map<String, String> global() {
        return global;
    }

    /** As {@link #global()} with only the defaults written in the file (no build args). */
    public Map<String, String> globalDefaults() {
        return globalDefaults;
    }

    /** Names of the ARGs before the first FROM, with or without values. */
    public Set<String> globalDeclared() {
        return globalDeclared;
    }

    /** Every ARG and ENV name declared anywhere in the file. */
    public Set<String> declaredAnywhere() {
        return declaredAnywhere;
    }

    public ShellWordExpander expander() {
        return expander;
    }

    /** {@code word} expanded in {@code env}; the word itself when it cannot be expanded. */
    public String expand(String word, Map<String, String> env) {
        try {
            return expander.processWord(word, VariableLookup.of(env));
        } catch (ExpansionException | RuntimeException e) {
            return word;
        }
    }
}
