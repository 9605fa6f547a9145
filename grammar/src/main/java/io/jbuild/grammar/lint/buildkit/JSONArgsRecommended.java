package io.jbuild.grammar.lint.buildkit;

import io.jbuild.grammar.ast.CommandLine;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.Fixes;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.QuickFix;
import io.jbuild.grammar.lint.Rule;
import io.jbuild.grammar.lint.RuleInfo;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.lint.TextEdit;
import io.jbuild.grammar.source.SourceRange;
import java.util.List;
import java.util.Optional;

/**
 * CMD or ENTRYPOINT in shell form where no SHELL is set (in the stage or the stages it builds on): the
 * process runs under {@code /bin/sh -c} and does not get signals. Fix: the exec form, when it is mechanical.
 */
public final class JSONArgsRecommended implements Rule {

    private static final RuleInfo INFO = RuleInfo.buildkit("JSONArgsRecommended", "json-args-recommended",
            "JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Stage s : file.stages()) {
            boolean shellSet = Scopes.chain(s).stream().skip(1)
                    .anyMatch(p -> p.instructions().stream().anyMatch(i -> i instanceof Instruction.Shell));
            for (Instruction i : s.instructions()) {
                if (i instanceof Instruction.Shell) {
                    shellSet = true;
                }
                Optional<CommandLine> command = i instanceof Instruction.Cmd c ? Optional.of(c.command())
                        : i instanceof Instruction.Entrypoint e ? e.command() : Optional.empty();
                if (shellSet || command.isEmpty() || !(command.get() instanceof CommandLine.ShellForm sf)) {
                    continue;
                }
                report(file, i, sf.script(), out);
            }
        }
    }

    static void report(LintContext file, Instruction i, String script, Findings out) {
        SourceRange args = file.argumentsRange(i);
        List<QuickFix> fixes = Fixes.execForm(script)
                .map(json -> List.of(QuickFix.of("Use the exec form " + json, new TextEdit(args, json))))
                .orElse(List.of());
        out.report(args, "JSON arguments recommended for " + i.meta().keyword()
                + " to prevent unintended behavior related to OS signals", fixes);
    }
}
