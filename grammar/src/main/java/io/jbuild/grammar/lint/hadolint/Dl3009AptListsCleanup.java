package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Step;
import io.jbuild.grammar.lint.script.RunScript;
import io.jbuild.grammar.lint.script.ShellCommand;
import io.jbuild.grammar.source.Severity;
import java.util.Optional;

/**
 * DL3009: {@code apt-get update} without removing {@code /var/lib/apt/lists} in the same RUN, in a stage whose
 * layers end up in the image (the last stage, or one another FROM builds on). A cache or tmpfs mount of the
 * lists directory is fine.
 */
public final class Dl3009AptListsCleanup extends DlRule {

    public Dl3009AptListsCleanup() {
        super("DL3009", Severity.INFO, "Delete the apt lists (/var/lib/apt/lists) after installing something");
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Step s : Passes.main(file)) {
            if (s.instruction() instanceof Instruction.Run run && Passes.reachesImage(file, s.stage())) {
                forgot(file, run).ifPresent(c -> out.report(c.range(), message()));
            }
        }
        for (Step s : Passes.triggers(file)) {
            if (s.instruction() instanceof Instruction.Run run) {
                forgot(file, run).ifPresent(c -> out.report(c.range(), message()));
            }
        }
    }

    /** The update command of a RUN that does not clean up after it. */
    private static Optional<ShellCommand> forgot(LintContext file, Instruction.Run run) {
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
