package io.jbuild.grammar.scope;

import io.jbuild.grammar.ast.ArgDeclaration;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.ast.KeyValue;
import io.jbuild.grammar.ast.WordExpansion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * BuildKit's rules for the ARG and ENV variables in scope, for the planner (which feeds the build args and the real
 * base images' environments, and fails on a bad expansion) and the linter (which feeds what it knows and keeps a
 * word it cannot expand): the ARGs before the first FROM over the predefined ones are the globals, seen by FROM
 * lines; in a stage, an ARG takes its build arg, else its default expanded in scope, else the global of that name;
 * an ENV's words are all expanded before any of its pairs takes effect. Where a stage starts (its base image's
 * environment, or its parent stage's) is the caller's.
 *
 * @param <X> what the caller's expansion throws
 */
public final class ScopeRules<X extends Exception> {

    /** ARGs that BuildKit never puts into the environment. */
    public static final Set<String> NON_ENV_ARGS = Set.of("BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE");

    /** How the caller reads one ARG declaration. */
    public interface Declarations<X extends Exception> {

        /** Sees each declaration before its value is worked out (the planner checks its name here). */
        default void declared(Instruction.Arg arg, ArgDeclaration declaration) throws X {
        }

        /** {@code declaration}'s default, expanded with the variables in {@code scope}. */
        String expandDefault(Instruction.Arg arg, ArgDeclaration declaration, Map<String, String> scope) throws X;
    }

    private final Map<String, String> buildArgs;
    private final Declarations<X> declarations;

    /** {@code buildArgs}: the {@code --build-arg} values (they replace defaults, unexpanded). */
    public ScopeRules(Map<String, String> buildArgs, Declarations<X> declarations) {
        this.buildArgs = Map.copyOf(buildArgs);
        this.declarations = declarations;
    }

    /**
     * BuildKit's meta args, what FROM lines see: the {@code predefined} ARGs (a build arg of the same name replaces
     * one), then each ARG before the first FROM, in order.
     */
    public Map<String, String> globals(Map<String, String> predefined, List<Instruction.Arg> metaArgs) throws X {
        Map<String, String> globals = new LinkedHashMap<>(predefined);
        for (String name : predefined.keySet()) {
            if (buildArgs.containsKey(name)) {
                globals.put(name, buildArgs.get(name));
            }
        }
        for (Instruction.Arg arg : metaArgs) {
            for (ArgDeclaration decl : arg.declarations()) {
                declarations.declared(arg, decl);
                if (buildArgs.containsKey(decl.name())) {
                    globals.put(decl.name(), buildArgs.get(decl.name()));
                } else if (decl.defaultValue().isPresent()) {
                    globals.put(decl.name(), declarations.expandDefault(arg, decl, globals));
                }
            }
        }
        return globals;
    }

    /** Whether BuildKit expands {@code decl}'s default: it has one and no build arg replaces it. */
    public boolean usesDefault(ArgDeclaration decl) {
        return decl.defaultValue().isPresent() && !buildArgs.containsKey(decl.name());
    }

    /**
     * Applies one instruction of a stage to {@code env}, the variables in scope, in order: each declaration of an
     * ARG takes its value (see the class comment; a declaration seeing the ones before it) and is set unless BuildKit
     * keeps it out of the environment; an ENV, expanded with {@code words} against {@code env} as it was before the
     * line, sets its pairs. A variable set again moves to the end, as it does in the image config.
     *
     * @return the instruction with its words expanded (an ARG's declarations carry their values), for any instruction
     */
    public Instruction apply(Instruction in, Map<String, String> env, Map<String, String> globals,
                             WordExpansion<X> words) throws X {
        if (in instanceof Instruction.Arg a) {
            return arg(a, env, globals);
        }
        Instruction expanded = in.expand(words);
        if (expanded instanceof Instruction.Env e) {
            set(e, env);
        }
        return expanded;
    }

    /** Sets the pairs of an expanded ENV in {@code env}. */
    private static void set(Instruction.Env expanded, Map<String, String> env) {
        for (KeyValue kv : expanded.variables()) {
            env.remove(kv.key());
            env.put(kv.key(), kv.value());
        }
    }

    private Instruction.Arg arg(Instruction.Arg a, Map<String, String> env, Map<String, String> globals) throws X {
        List<ArgDeclaration> out = new ArrayList<>();
        for (ArgDeclaration decl : a.declarations()) {
            declarations.declared(a, decl);
            Optional<String> value;
            if (buildArgs.containsKey(decl.name())) {
                value = Optional.of(buildArgs.get(decl.name()));
            } else if (decl.defaultValue().isPresent()) {
                value = Optional.of(declarations.expandDefault(a, decl, env));
            } else {
                value = Optional.ofNullable(globals.get(decl.name()));
            }
            if (value.isPresent() && !NON_ENV_ARGS.contains(decl.name())) {
                env.remove(decl.name());
                env.put(decl.name(), value.get());
            }
            out.add(new ArgDeclaration(decl.name(), value));
        }
        return new Instruction.Arg(a.meta(), out);
    }
}
