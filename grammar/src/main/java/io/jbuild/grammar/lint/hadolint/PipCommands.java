package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.lint.script.ShellCommand;
import java.util.List;

/** hadolint's view of pip: {@code pip* install} (not pipenv) or {@code python* -m pip install}. */
final class PipCommands {

    private PipCommands() {
    }

    static boolean isPipInstall(ShellCommand c) {
        String n = c.name();
        List<String> args = c.arguments();
        boolean std = n.startsWith("pip") && !n.startsWith("pipenv") && args.contains("install");
        boolean viaPython = n.startsWith("python") && containsRun(args, List.of("-m", "pip", "install"));
        return std || viaPython;
    }

    static boolean containsRun(List<String> args, List<String> run) {
        for (int i = 0; i + run.size() <= args.size(); i++) {
            if (args.subList(i, i + run.size()).equals(run)) {
                return true;
            }
        }
        return false;
    }
}
