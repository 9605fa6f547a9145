package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Step;
import io.jbuild.grammar.source.Severity;

/** DL3067: {@code COPY --from=x / /}: the whole file system of another stage or image. */
public final class Dl3067CopyWholeFilesystem extends DlRule {

    public Dl3067CopyWholeFilesystem() {
        super("DL3067", Severity.WARNING, "Do not copy an entire filesystem from another stage");
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Step s : file.steps(false)) {
            if (s.instruction() instanceof Instruction.Copy c && c.from().isPresent()
                    && c.sources().stream().anyMatch(src -> Sh.dropQuotes(src).equals("/"))
                    && Sh.dropQuotes(c.destination()).equals("/")) {
                out.report(c.meta().range(), message());
            }
        }
    }
}
