package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.source.Severity;
import java.util.Locale;

/** DL3023: {@code COPY --from} naming the stage it is in. */
public final class Dl3023CopyFromSelf extends DlRule {

    public Dl3023CopyFromSelf() {
        super("DL3023", Severity.ERROR, "`COPY --from` cannot reference its own `FROM` alias");
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Stage s : file.stages()) {
            if (s.name().isEmpty()) {
                continue;
            }
            for (Instruction i : s.instructions()) {
                if (i instanceof Instruction.Copy c && c.from().map(f -> f.toLowerCase(Locale.ROOT)).equals(s.name())) {
                    out.report(FromFlag.range(c, "from"), message());
                }
            }
        }
    }
}
