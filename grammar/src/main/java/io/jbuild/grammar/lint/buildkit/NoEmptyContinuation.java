package io.jbuild.grammar.lint.buildkit;

import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Rule;
import io.jbuild.grammar.lint.RuleInfo;
import io.jbuild.grammar.source.Diagnostic;

/** A blank line inside a continued instruction; found by the parser, reported here so it can be configured. */
public final class NoEmptyContinuation implements Rule {

    public static final String ID = "NoEmptyContinuation";

    private static final RuleInfo INFO = RuleInfo.buildkit(ID, "no-empty-continuation",
            "Empty continuation lines will become errors in a future release");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Diagnostic d : file.parse().diagnostics()) {
            if (d.code().equals(ID)) {
                out.report(d.range(), "Empty continuation line");
            }
        }
    }
}
