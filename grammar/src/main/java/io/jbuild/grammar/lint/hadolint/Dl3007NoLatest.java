package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.grammar.source.Severity;

/** DL3007: FROM {@code image:latest} without a digest. */
public final class Dl3007NoLatest extends DlRule {

    public Dl3007NoLatest() {
        super("DL3007", Severity.WARNING, "Using latest is prone to errors if the image will ever update. Pin the "
                + "version explicitly to a release tag");
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Stage s : file.stages()) {
            ImageReference.Written ref = ImageReference.split(s.from().image());
            if (ref.tag().filter("latest"::equals).isPresent() && ref.digest().isEmpty()) {
                out.report(file.wordRange(s.from(), s.from().image()), message());
            }
        }
    }
}
