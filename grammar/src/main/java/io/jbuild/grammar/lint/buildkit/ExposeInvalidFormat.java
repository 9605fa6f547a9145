package io.jbuild.grammar.lint.buildkit;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Rule;
import io.jbuild.grammar.lint.RuleInfo;
import io.jbuild.grammar.lint.Stage;
import java.util.Optional;

/** {@code EXPOSE 8080:80} or {@code EXPOSE 127.0.0.1:80:80}: publishing is for {@code docker run}, not images. */
public final class ExposeInvalidFormat implements Rule {

    private static final RuleInfo INFO = RuleInfo.buildkit("ExposeInvalidFormat", "expose-invalid-format",
            "IP address and host-port mapping should not be used in EXPOSE instruction. This will become an error in a future release");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Stage s : file.stages()) {
            file.variables().walk(s, (i, scope) -> {
                if (!(i instanceof Instruction.Expose e)) {
                    return;
                }
                for (ExposeWords.Port p : ExposeWords.of(file, e, scope)) {
                    Optional<ExposePorts> parts = ExposePorts.parse(p.value());
                    if (parts.isPresent() && (!parts.get().ip().isEmpty() || !parts.get().hostPort().isEmpty())) {
                        out.report(p.range(), "EXPOSE instruction should not define an IP address or host-port mapping, found '"
                                + p.value() + "'");
                    }
                }
            });
        }
    }
}
