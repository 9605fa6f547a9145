package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Step;
import io.jbuild.grammar.lint.script.ShellCommand;
import io.jbuild.grammar.source.Severity;
import java.util.List;
import java.util.Set;

/**
 * DL4006: a pipe in a shell-form RUN while the stage's SHELL does not set {@code -o pipefail}: a failing first
 * command would not fail the build. A non-POSIX SHELL (PowerShell, cmd) turns the rule off for the stage.
 */
public final class Dl4006Pipefail extends DlRule {

    public Dl4006Pipefail() {
        super("DL4006", Severity.WARNING, "Set the SHELL option -o pipefail before RUN with a pipe in it. If you are "
                + "using /bin/sh in an alpine image or if your shell is symlinked to busybox then consider explicitly "
                + "setting your SHELL to /bin/ash, or disable this check");
    }

    @Override
    public void check(LintContext file, Findings out) {
        boolean ok = false;
        for (Step s : Passes.main(file)) {
            Instruction i = s.instruction();
            if (i instanceof Instruction.From) {
                ok = false;
            } else if (i instanceof Instruction.Shell sh) {
                ok = nonPosix(sh.shell()) || pipefail(sh.shell());
            } else if (i instanceof Instruction.Run run && !ok && file.script(run).hasPipes()) {
                out.report(run.meta().range(), message());
            }
        }
    }

    private static boolean nonPosix(List<String> shell) {
        String joined = String.join(" ", shell);
        return joined.startsWith("pwsh") || joined.startsWith("powershell") || joined.startsWith("cmd");
    }

    private static boolean pipefail(List<String> shell) {
        if (shell.isEmpty()) {
            return false;
        }
        String name = shell.get(0).substring(shell.get(0).lastIndexOf('/') + 1);
        boolean o = shell.stream().skip(1).anyMatch(a -> ShellCommand.flagsOf(a).contains("o"));
        return Set.of("bash", "zsh", "ash").contains(name) && o && shell.contains("pipefail");
    }
}
