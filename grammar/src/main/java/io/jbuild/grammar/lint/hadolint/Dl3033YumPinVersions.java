package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Step;
import io.jbuild.grammar.source.Severity;
import java.util.List;
import java.util.Set;

/** DL3033: {@code yum install pkg} without {@code -version} ({@code yum module install} needs {@code :stream}). */
public final class Dl3033YumPinVersions extends DlRule {

    public Dl3033YumPinVersions() {
        super("DL3033", Severity.WARNING, "Specify version with `yum install -y <package>-<version>`.");
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (List<Step> pass : List.of(Passes.main(file), Passes.triggers(file))) {
            RpmVersions.Names names = new RpmVersions.Names();
            for (Step s : pass) {
                names.step(s.instruction());
                if (s.instruction() instanceof Instruction.Run run) {
                    RpmVersions.unpinned(file.script(run), List.of("yum"), Set.of(), names)
                            .ifPresent(at -> out.report(at, message()));
                }
            }
        }
    }
}
