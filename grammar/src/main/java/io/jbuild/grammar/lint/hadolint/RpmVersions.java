package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.script.RunScript;
import io.jbuild.grammar.lint.script.ShellCommand;
import io.jbuild.grammar.lint.script.ShellWord;
import io.jbuild.grammar.source.SourceRange;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What DL3033 (yum) and DL3041 (dnf) count as a pinned package: {@code name-version} where the version parts
 * are version-like, an .rpm file, or a variable that an ENV of the stage (or an ARG) defines.
 */
final class RpmVersions {

    private RpmVersions() {
    }

    /** Names an ENV (stage, inherited through FROM stage-name) or any earlier ARG defines, per step. */
    static final class Names {
        private final Map<String, Set<String>> stageEnvs = new HashMap<>();
        private final Set<String> args = new HashSet<>();
        private String current = "";

        void step(Instruction i) {
            if (i instanceof Instruction.From f) {
                String name = f.stageName().orElse("\u0000" + System.identityHashCode(f));
                String base = f.image().toLowerCase(Locale.ROOT);
                stageEnvs.put(name, new HashSet<>(stageEnvs.getOrDefault(base, Set.of())));
                current = name;
            } else if (i instanceof Instruction.Env e) {
                e.variables().forEach(kv -> stageEnvs.computeIfAbsent(current, k -> new HashSet<>()).add(kv.key()));
            } else if (i instanceof Instruction.Arg a) {
                a.declarations().forEach(d -> args.add(d.name()));
            }
        }

        boolean defines(String pkg) {
            for (String v : stageEnvs.getOrDefault(current, Set.of())) {
                if (pkg.contains("${" + v + "}")) {
                    return true;
                }
            }
            return args.stream().anyMatch(v -> pkg.contains("${" + v + "}"));
        }
    }

    static boolean pinned(String pkg, Names names) {
        String[] parts = pkg.split("-", -1);
        if (parts.length <= 1) {
            return false;
        }
        if (pkg.endsWith(".rpm")) {
            return true;
        }
        if (pkg.contains("$")) {
            return names.defines(pkg);
        }
        boolean digit = false;
        for (int k = 1; k < parts.length; k++) {
            String p = parts[k];
            for (int j = 0; j < p.length(); j++) {
                char ch = p.charAt(j);
                if (!(Character.isDigit(ch) || ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ".~^_:+".indexOf(ch) >= 0)) {
                    return false;
                }
            }
            digit |= !p.isEmpty() && Character.isDigit(p.charAt(0));
        }
        return digit;
    }

    /** Checks the install commands of one tool family in a RUN; the first unpinned package word, if any. */
    static Optional<SourceRange> unpinned(RunScript script, List<String> tools, Set<String> notPackages,
                                          Names names) {
        for (ShellCommand c : script.commands()) {
            if (!tools.contains(c.name()) || !c.is(c.name(), "install")) {
                continue;
            }
            boolean module = c.is(c.name(), "module");
            if (!module && notPackages.stream().anyMatch(x -> c.is(c.name(), x))) {
                continue;
            }
            for (ShellWord w : c.argumentsWithoutFlags()) {
                String p = w.value();
                if (p.equals("install") || p.equals("module")) {
                    continue;
                }
                boolean ok = module ? p.contains(":") : pinned(p, names);
                if (!ok) {
                    return Optional.of(c.range(w));
                }
            }
        }
        return Optional.empty();
    }
}
