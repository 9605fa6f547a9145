package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.source.Severity;

/** DL3063: a stage named {@code scratch} or {@code context}. */
public final class Dl3063ReservedStageName extends DlRule {

    public Dl3063ReservedStageName() {
        super("DL3063", Severity.WARNING, "stage name should not be a reserved word");
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Stage s : file.stages()) {
            if (s.name().filter(n -> n.equals("scratch") || n.equals("context")).isPresent()) {
                out.report(s.from().meta().range(), message());
            }
        }
    }
}
