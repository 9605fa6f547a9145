package io.jbuild.grammar.lint.buildkit;

import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Rule;
import io.jbuild.grammar.lint.RuleInfo;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.grammar.shell.Expansion;
import java.util.Optional;

/**
 * A FROM whose image, expanded with only the ARG defaults written in the file (no build args), is empty or
 * not a valid image reference: {@code ARG TAG} then {@code FROM alpine:$TAG} gives {@code alpine:}.
 */
public final class InvalidDefaultArgInFrom implements Rule {

    private static final RuleInfo INFO = RuleInfo.buildkit("InvalidDefaultArgInFrom", "invalid-default-arg-in-from",
            "Default value for global ARG results in an empty or invalid base image name");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Stage s : file.stages()) {
            String image = s.from().image();
            Optional<Expansion> e = FromExpansion.expand(file.variables().expander(), image,
                    file.variables().globalDefaults());
            if (e.isEmpty()) {
                return; // BuildKit abandons the check when expansion fails
            }
            if (!ImageReference.isValid(e.get().result())) {
                out.report(file.wordRange(s.from(), image), "Default value for ARG " + image
                        + " results in empty or invalid base image name");
            }
        }
    }
}
