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

/** DL4003: more than one CMD in a stage; only the last one counts. */
public final class Dl4003OneCmd extends DlRule {

    public Dl4003OneCmd() {
        super("DL4003", Severity.WARNING, "Multiple `CMD` instructions found. If you list more than one `CMD` then only "
                + "the last `CMD` will take effect");
    }

    @Override
    public void check(LintContext file, Findings out) {
        Repeats.report(file, Instruction.Cmd.class, message(), out);
    }
}
