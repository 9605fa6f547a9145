package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.script.RunScript;
import io.jbuild.grammar.lint.script.ShellCommand;
import java.util.Optional;

/** DL3060: {@code yarn install} without {@code yarn cache clean} after it, in a stage that reaches the image. */
public final class Dl3060YarnCacheClean extends CleanupRule {

    public Dl3060YarnCacheClean() {
        super("DL3060", "`yarn cache clean` missing after `yarn install` was run.");
    }

    @Override
    Optional<ShellCommand> forgot(Instruction.Run run, LintContext file) {
        RunScript script = file.script(run);
        Optional<ShellCommand> install = Sh.first(script, c -> c.is("yarn", "install"));
        if (install.isEmpty()) {
            return Optional.empty();
        }
        boolean clean = Sh.first(script, c -> c.is("yarn", "cache", "clean")).isPresent();
        if (!clean) {
            return Sh.cacheOrTmpfsMount(run, ".cache/yarn") ? Optional.empty() : install;
        }
        return Sh.before(script, c -> c.is("yarn", "cache", "clean"), c -> c.is("yarn", "install"))
                ? install : Optional.empty();
    }
}
