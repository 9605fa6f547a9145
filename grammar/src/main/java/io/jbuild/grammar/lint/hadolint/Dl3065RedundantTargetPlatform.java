package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.Fixes;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.QuickFix;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.lint.TextEdit;
import io.jbuild.grammar.source.Severity;
import io.jbuild.grammar.source.SourceRange;
import java.util.Optional;

/** DL3065: {@code FROM --platform=$TARGETPLATFORM}, the default. Fix: remove the flag. */
public final class Dl3065RedundantTargetPlatform extends DlRule {

    public Dl3065RedundantTargetPlatform() {
        super("DL3065", Severity.WARNING, "Setting `FROM --platform` to predefined `$TARGETPLATFORM` in is redundant "
                + "as this is the default behavior");
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Stage s : file.stages()) {
            Optional<String> p = s.from().platform();
            if (p.isPresent() && (p.get().equals("$TARGETPLATFORM") || p.get().equals("${TARGETPLATFORM}"))) {
                SourceRange flag = FromFlag.range(s.from(), "platform");
                out.report(flag, message(), QuickFix.of("Remove the --platform flag", TextEdit.delete(
                        Fixes.withTrailingBlanks(file, flag))));
            }
        }
    }
}
