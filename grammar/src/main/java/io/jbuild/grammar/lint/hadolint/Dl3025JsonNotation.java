package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.ImageReference;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.QuickFix;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.lint.Step;
import io.jbuild.grammar.lint.TextEdit;
import io.jbuild.grammar.source.Severity;
import io.jbuild.grammar.source.SourceRange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** DL3025: CMD, ENTRYPOINT or HEALTHCHECK CMD in shell form. Fix (CMD, ENTRYPOINT): the exec form when mechanical. */
public final class Dl3025JsonNotation extends DlRule {

    public Dl3025JsonNotation() {
        super("DL3025", Severity.WARNING, "Use arguments JSON notation for CMD and ENTRYPOINT arguments");
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Step s : file.steps(false)) {
            Instruction i = s.instruction();
            Optional<io.jbuild.grammar.ast.CommandLine> cmd = Optional.empty();
            boolean fixable = true;
            if (i instanceof Instruction.Cmd c) {
                cmd = Optional.of(c.command());
            } else if (i instanceof Instruction.Entrypoint e) {
                cmd = e.command();
            } else if (i instanceof Instruction.Healthcheck h
                    && h.spec() instanceof io.jbuild.grammar.ast.HealthcheckSpec.Check check) {
                cmd = Optional.of(check.command());
                fixable = false;
            }
            if (cmd.isPresent() && cmd.get() instanceof io.jbuild.grammar.ast.CommandLine.ShellForm sf) {
                SourceRange args = file.argumentsRange(i);
                List<QuickFix> fixes = fixable ? io.jbuild.grammar.lint.Fixes.execForm(sf.script())
                        .map(json -> List.of(QuickFix.of("Use the exec form " + json, new TextEdit(args, json))))
                        .orElse(List.of()) : List.of();
                out.report(args, message(), fixes);
            }
        }
    }
}
