package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.ast.KeyValue;
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

/** DL4000: MAINTAINER. Fix: the OCI authors label. */
public final class Dl4000MaintainerDeprecated extends DlRule {

    public Dl4000MaintainerDeprecated() {
        super("DL4000", Severity.ERROR, "MAINTAINER is deprecated");
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Step s : file.steps(false)) {
            if (s.instruction() instanceof Instruction.Maintainer m) {
                out.report(m.meta().range(), message(),
                        io.jbuild.grammar.lint.Fixes.maintainerLabel(file, m));
            }
        }
    }
}
