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

/** The range of an instruction's flag by name, or of the instruction. */
final class FromFlag {

    private FromFlag() {
    }

    static SourceRange range(Instruction i, String flag) {
        return i.meta().flags().stream().filter(f -> f.name().equals(flag)).map(io.jbuild.grammar.ast.Flag::range)
                .findFirst().orElse(i.meta().range());
    }
}
