package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.source.Severity;
import java.util.Optional;

/** DL3029: FROM {@code --platform} with anything but the BUILDPLATFORM/TARGETPLATFORM variables. */
public final class Dl3029NoPlatformFlag extends DlRule {

    public Dl3029NoPlatformFlag() {
        super("DL3029", Severity.WARNING, "Do not use --platform flag with FROM");
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Stage s : file.stages()) {
            Optional<String> p = s.from().platform();
            if (p.isPresent() && !p.get().contains("BUILDPLATFORM") && !p.get().contains("TARGETPLATFORM")) {
                out.report(FromFlag.range(s.from(), "platform"), message());
            }
        }
    }
}
