package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.lint.CommentLine;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Pragmas;
import io.jbuild.grammar.lint.Pragmas.Scope;
import io.jbuild.grammar.source.Severity;

/** DL1001 (off unless configured): {@code # hadolint ignore=} comments, for teams that want none. */
public final class Dl1001NoIgnorePragmas extends DlRule {

    public Dl1001NoIgnorePragmas() {
        super("DL1001", Severity.INFO, "Please refrain from using inline ignore pragmas `# hadolint ignore=DLxxxx`.", false);
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (CommentLine c : file.comments()) {
            Pragmas.ignore(c.text())
                    .filter(p -> p.scope() == Scope.INSTRUCTION)
                    .ifPresent(p -> out.report(c.range(), message()));
        }
    }
}
