package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Step;
import io.jbuild.grammar.source.Severity;
import java.util.List;
import java.util.Set;

/**
 * The rpm pinning rules (DL3033 yum, DL3041 dnf): an install by one of {@code tools} of a package without a
 * version, judged per pass (main steps, then ONBUILD triggers) with the names that pass's ARG/ENV declare.
 */
abstract class RpmPinRule extends DlRule {

    private final List<String> tools;
    private final Set<String> notPackages;

    /** {@code notPackages}: subcommand words whose operands are not packages (dnf's {@code group}). */
    RpmPinRule(String id, String message, List<String> tools, Set<String> notPackages) {
        super(id, Severity.WARNING, message);
        this.tools = List.copyOf(tools);
        this.notPackages = Set.copyOf(notPackages);
    }

    @Override
    public final void check(LintContext file, Findings out) {
        for (List<Step> pass : List.of(Passes.main(file), Passes.triggers(file))) {
            RpmVersions.Names names = new RpmVersions.Names();
            for (Step s : pass) {
                names.step(s.instruction());
                if (s.instruction() instanceof Instruction.Run run) {
                    RpmVersions.unpinned(file.script(run), tools, notPackages, names)
                            .ifPresent(at -> out.report(at, message()));
                }
            }
        }
    }
}
