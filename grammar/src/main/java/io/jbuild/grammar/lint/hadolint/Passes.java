package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.lint.Step;
import io.jbuild.grammar.reference.ImageReference;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The two passes of hadolint's stateful rules that also look into ONBUILD: one over the file's instructions,
 * one over the ONBUILD triggers alone (a trigger runs in a build that knows none of this file's stages).
 */
final class Passes {

    private Passes() {
    }

    static List<Step> main(LintContext file) {
        return file.steps(false);
    }

    static List<Step> triggers(LintContext file) {
        return file.steps(true).stream().filter(Step::trigger).toList();
    }

    /** Whether a stage's output reaches the image: it is the last stage, or a later FROM builds on its name. */
    static boolean reachesImage(LintContext file, Optional<Stage> stage) {
        if (stage.isEmpty()) {
            return true;
        }
        List<Stage> all = file.stages();
        if (all.isEmpty() || all.get(all.size() - 1).index() == stage.get().index()) {
            return true;
        }
        Optional<String> name = stage.get().name();
        return name.isPresent() && all.stream()
                .anyMatch(s -> ImageReference.split(s.from().image()).path().toLowerCase(Locale.ROOT).equals(name.get()));
    }
}
