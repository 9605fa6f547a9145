package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.CommandLine;
import io.jbuild.grammar.ast.CommandLine.ShellForm;
import io.jbuild.grammar.ast.HealthcheckSpec.Check;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.Fixes;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.QuickFix;
import io.jbuild.grammar.lint.Step;
import io.jbuild.grammar.lint.TextEdit;
import io.jbuild.grammar.source.Severity;
import io.jbuild.grammar.source.SourceRange;
import java.util.List;
import java.util.Optional;

/** DL3025: CMD, ENTRYPOINT or HEALTHCHECK CMD in shell form. Fix (CMD, ENTRYPOINT): the exec form when mechanical. */
public final class Dl3025JsonNotation extends DlRule {

    public Dl3025JsonNotation() {
        super("DL3025", Severity.WARNING, "Use arguments JSON notation for CMD and ENTRYPOINT arguments");
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Step s : file.steps(false)) {
            Instruction i = s.instruction();
            Optional<CommandLine> cmd = Optional.empty();
            boolean fixable = true;
            if (i instanceof Instruction.Cmd c) {
                cmd = Optional.of(c.command());
            } else if (i instanceof Instruction.Entrypoint e) {
                cmd = e.command();
            } else if (i instanceof Instruction.Healthcheck h
                    && h.spec() instanceof Check check) {
                cmd = Optional.of(check.command());
                fixable = false;
            }
            if (cmd.isPresent() && cmd.get() instanceof ShellForm sf) {
                SourceRange args = file.argumentsRange(i);
                List<QuickFix> fixes = fixable ? Fixes.execForm(sf.script())
                        .map(json -> List.of(QuickFix.of("Use the exec form " + json, new TextEdit(args, json))))
                        .orElse(List.of()) : List.of();
                out.report(args, message(), fixes);
            }
        }
    }
}
