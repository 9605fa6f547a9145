package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Step;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.grammar.source.Severity;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** DL3045: COPY to a relative destination in a stage (or the stages it builds on) without a WORKDIR. */
public final class Dl3045CopyRelativeDestination extends DlRule {

    public Dl3045CopyRelativeDestination() {
        super("DL3045", Severity.WARNING, "`COPY` to a relative destination without `WORKDIR` set.");
    }

    @Override
    public void check(LintContext file, Findings out) {
        Map<String, Boolean> workdir = new HashMap<>();
        String current = "";
        for (Step s : file.steps(false)) {
            Instruction i = s.instruction();
            if (i instanceof Instruction.From f) {
                String base = ImageReference.split(f.image()).path().toLowerCase(Locale.ROOT);
                current = f.stageName().orElse(base);
                workdir.put(current, workdir.getOrDefault(base, false));
            } else if (i instanceof Instruction.Workdir) {
                workdir.put(current, true);
            } else if (i instanceof Instruction.Copy c && !workdir.getOrDefault(current, false)) {
                String d = Sh.dropQuotes(c.destination());
                if (!(d.startsWith("/") || Sh.isWindowsAbsolute(d) || d.startsWith("$"))) {
                    out.report(file.wordRange(c, c.destination(), 0, ""), message());
                }
            }
        }
    }
}
