package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.script.RunScript;
import io.jbuild.grammar.lint.script.ShellCommand;
import java.util.Optional;

/**
 * DL3009: {@code apt-get update} without removing {@code /var/lib/apt/lists} in the same RUN, in a stage whose
 * layers end up in the image (the last stage, or one another FROM builds on). A cache or tmpfs mount of the
 * lists directory is fine.
 */
public final class Dl3009AptListsCleanup extends CleanupRule {

    public Dl3009AptListsCleanup() {
        super("DL3009", "Delete the apt lists (/var/lib/apt/lists) after installing something");
    }

    @Override
    Optional<ShellCommand> forgot(Instruction.Run run, LintContext file) {
        RunScript script = file.script(run);
        Optional<ShellCommand> update = Sh.first(script,
                c -> c.is("apt", "update") || c.is("apt-get", "update") || c.is("aptitude", "update"));
        if (update.isEmpty() || Sh.first(script, c -> c.is("rm", "-rf", "/var/lib/apt/lists/*")).isPresent()) {
            return Optional.empty();
        }
        if (Sh.cacheOrTmpfsMount(run, "/var/lib/apt/lists")
                || Sh.cacheOrTmpfsMount(run, "/var/lib/apt") && Sh.cacheOrTmpfsMount(run, "/var/cache/apt")) {
            return Optional.empty();
        }
        return update;
    }
}
