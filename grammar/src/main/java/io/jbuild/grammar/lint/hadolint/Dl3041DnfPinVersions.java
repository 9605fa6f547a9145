package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Step;
import io.jbuild.grammar.source.Severity;
import java.util.List;
import java.util.Set;

/** DL3041: {@code dnf install pkg} without {@code -version} (module streams need {@code :stream}; groups are skipped). */
public final class Dl3041DnfPinVersions extends DlRule {

    public Dl3041DnfPinVersions() {
        super("DL3041", Severity.WARNING, "Specify version with `dnf install -y <package>-<version>`.");
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (List<Step> pass : List.of(Passes.main(file), Passes.triggers(file))) {
            RpmVersions.Names names = new RpmVersions.Names();
            for (Step s : pass) {
                names.step(s.instruction());
                if (s.instruction() instanceof Instruction.Run run) {
                    RpmVersions.unpinned(file.script(run), List.of("dnf", "microdnf"), Set.of("group"), names)
                            .ifPresent(at -> out.report(at, message()));
                }
            }
        }
    }
}
