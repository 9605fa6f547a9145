package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.script.RunScript;
import io.jbuild.grammar.lint.script.ShellCommand;
import io.jbuild.grammar.source.Severity;

/** DL3047: {@code wget} printing a progress bar into the build log. */
public final class Dl3047WgetProgress extends RunRule {

    public Dl3047WgetProgress() {
        super("DL3047", Severity.INFO, "Avoid use of wget without progress bar. Use `wget --progress=dot:giga <url>`. "
                + "Or consider using `-q` or `-nv` (shorthands for `--quiet` or `--no-verbose`).", true);
    }

    @Override
    void check(LintContext file, Instruction.Run run, RunScript script, Findings out) {
        for (ShellCommand c : script.commands()) {
            if (c.name().equals("wget") && !c.hasFlag("progress") && !c.hasAnyFlag("q", "quiet", "o", "output-file",
                    "a", "append-output", "no-verbose") && !c.hasArgument("-nv")) {
                out.report(c.range(), message());
            }
        }
    }
}
