package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Step;
import io.jbuild.grammar.lint.script.RunScript;
import io.jbuild.grammar.lint.script.ShellCommand;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.grammar.source.Severity;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * DL3042: {@code pip install} without {@code --no-cache-dir}, unless {@code PIP_NO_CACHE_DIR} is set (by an ENV
 * of the stage or one it builds on, or in the RUN itself), pip runs through pipx/pipenv, or a cache mount
 * holds {@code .cache/pip}.
 */
public final class Dl3042PipNoCacheDir extends DlRule {

    public Dl3042PipNoCacheDir() {
        super("DL3042", Severity.WARNING, "Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`");
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (List<Step> pass : List.of(Passes.main(file), Passes.triggers(file))) {
            Map<String, Boolean> noCache = new HashMap<>();
            String current = "";
            for (Step s : pass) {
                Instruction i = s.instruction();
                if (i instanceof Instruction.From f) {
                    String base = ImageReference.split(f.image()).path().toLowerCase(Locale.ROOT);
                    current = f.stageName().orElse(base);
                    noCache.put(current, noCache.getOrDefault(base, false));
                } else if (i instanceof Instruction.Env e) {
                    if (e.variables().stream().anyMatch(kv -> kv.key().equals("PIP_NO_CACHE_DIR")
                            && Sh.TRUTHY.contains(Sh.dropQuotes(kv.value())))) {
                        noCache.put(current, true);
                    }
                } else if (i instanceof Instruction.Run run) {
                    if (noCache.getOrDefault(current, false) || Sh.cacheOrTmpfsMount(run, ".cache/pip")) {
                        continue;
                    }
                    RunScript script = file.script(run);
                    if (setsNoCacheDir(script.text())) {
                        continue;
                    }
                    Sh.first(script, Dl3042PipNoCacheDir::forgot).ifPresent(c -> out.report(c.range(), message()));
                }
            }
        }
    }

    private static boolean forgot(ShellCommand c) {
        if (!PipCommands.isPipInstall(c) || c.hasArgument("--no-cache-dir")) {
            return false;
        }
        String n = c.name();
        for (String wrapper : List.of("pipx", "pipenv")) {
            if (n.contains(wrapper) || n.startsWith("python") && PipCommands.containsRun(c.arguments(), List.of("-m", wrapper))) {
                return false;
            }
        }
        return true;
    }

    private static boolean setsNoCacheDir(String text) {
        int at = text.indexOf("PIP_NO_CACHE_DIR=");
        if (at < 0) {
            return false;
        }
        String rest = text.substring(at + "PIP_NO_CACHE_DIR=".length());
        return Sh.TRUTHY.stream().anyMatch(rest::startsWith);
    }
}
