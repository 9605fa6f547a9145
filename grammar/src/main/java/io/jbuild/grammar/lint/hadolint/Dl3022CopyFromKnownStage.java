package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Step;
import io.jbuild.grammar.source.Severity;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** DL3022: {@code COPY --from} naming no earlier stage (images, written with a {@code :}, and stage numbers are fine). */
public final class Dl3022CopyFromKnownStage extends DlRule {

    public Dl3022CopyFromKnownStage() {
        super("DL3022", Severity.WARNING, "`COPY --from` should reference a previously defined `FROM` alias");
    }

    @Override
    public void check(LintContext file, Findings out) {
        Set<String> names = new HashSet<>();
        int count = 0;
        for (Step s : file.steps(false)) {
            Instruction i = s.instruction();
            if (i instanceof Instruction.From f) {
                count++;
                f.stageName().ifPresent(names::add);
            } else if (i instanceof Instruction.Copy c && c.from().isPresent()) {
                String src = c.from().get();
                if (Sh.dropQuotes(src).contains(":") || names.contains(src.toLowerCase(Locale.ROOT))) {
                    continue;
                }
                if (src.matches("[0-9]{1,9}") && Integer.parseInt(src) < count) {
                    continue;
                }
                out.report(FromFlag.range(c, "from"), message());
            }
        }
    }
}
