package io.jbuild.grammar.lint.buildkit;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.QuickFix;
import io.jbuild.grammar.lint.Rule;
import io.jbuild.grammar.lint.RuleInfo;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.lint.TextEdit;
import io.jbuild.grammar.source.SourceRange;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code EXPOSE 80/TCP}: protocols are lower case. Fix: lower-case the port word. */
public final class ExposeProtoCasing implements Rule {

    private static final RuleInfo INFO = RuleInfo.buildkit("ExposeProtoCasing", "expose-proto-casing",
            "Protocol in EXPOSE instruction should be lowercase");

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
                    if (parts.isEmpty() || parts.get().proto().equals(parts.get().proto().toLowerCase(Locale.ROOT))) {
                        continue;
                    }
                    SourceRange at = p.range();
                    List<QuickFix> fix = p.written().equals(p.value())
                            ? List.of(QuickFix.of("Lowercase the protocol", new TextEdit(at, p.value().toLowerCase(Locale.ROOT))))
                            : List.of();
                    out.report(at, "Defined protocol '" + p.value() + "' in EXPOSE instruction should be lowercase", fix);
                }
            });
        }
    }
}
