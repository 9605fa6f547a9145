package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.ImageReference;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.QuickFix;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.lint.Step;
import io.jbuild.grammar.lint.TextEdit;
import io.jbuild.grammar.source.Severity;
import io.jbuild.grammar.source.SourceRange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** DL1001 (off unless configured): {@code # hadolint ignore=} comments, for teams that want none. */
public final class Dl1001NoIgnorePragmas extends DlRule {

    public Dl1001NoIgnorePragmas() {
        super("DL1001", Severity.INFO, "Please refrain from using inline ignore pragmas `# hadolint ignore=DLxxxx`.", false);
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (io.jbuild.grammar.lint.CommentLine c : file.comments()) {
            io.jbuild.grammar.lint.Pragmas.ignore(c.text())
                    .filter(p -> p.scope() == io.jbuild.grammar.lint.Pragmas.Scope.INSTRUCTION)
                    .ifPresent(p -> out.report(c.range(), message()));
        }
    }
}
