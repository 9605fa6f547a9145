package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.script.RunScript;
import io.jbuild.grammar.lint.script.ShellCommand;
import io.jbuild.grammar.source.Severity;
import java.util.Set;

/** DL3001: interactive or system commands that make no sense in a build ({@code ssh}, {@code vim}, ...). */
public final class Dl3001UnusefulCommands extends RunRule {

    private static final Set<String> COMMANDS = Set.of("free", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim");

    public Dl3001UnusefulCommands() {
        super("DL3001", Severity.INFO, "For some bash commands it makes no sense running them in a Docker container "
                + "like `ssh`, `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount`, `ifconfig`", true);
    }

    @Override
    void check(LintContext file, Instruction.Run run, RunScript script, Findings out) {
        for (ShellCommand c : script.commands()) {
            if (COMMANDS.contains(c.name())) {
                out.report(c.range(), message());
            }
        }
    }
}
