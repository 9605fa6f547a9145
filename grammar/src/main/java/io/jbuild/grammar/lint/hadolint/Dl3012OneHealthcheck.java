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

/** DL3012: more than one HEALTHCHECK in a stage; reported at each one after the first. */
public final class Dl3012OneHealthcheck extends DlRule {

    public Dl3012OneHealthcheck() {
        super("DL3012", Severity.ERROR, "Multiple `HEALTHCHECK` instructions");
    }

    @Override
    public void check(LintContext file, Findings out) {
        Repeats.report(file, Instruction.Healthcheck.class, message(), out);
    }
}
