package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.grammar.source.Severity;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** DL3006: FROM an image without a tag or digest (scratch, variables and earlier stage names are fine). */
public final class Dl3006TagImage extends DlRule {

    public Dl3006TagImage() {
        super("DL3006", Severity.WARNING, "Always tag the version of an image explicitly");
    }

    @Override
    public void check(LintContext file, Findings out) {
        Set<String> aliases = new HashSet<>();
        for (Stage s : file.stages()) {
            ImageReference.Written ref = ImageReference.split(s.from().image());
            String name = ref.path();
            if (ref.tag().isEmpty() && ref.digest().isEmpty() && !name.equals("scratch") && !name.startsWith("$")
                    && !s.from().image().startsWith("$") && !aliases.contains(name.toLowerCase(Locale.ROOT))) {
                out.report(file.wordRange(s.from(), s.from().image()), message());
            }
            s.name().ifPresent(aliases::add);
        }
    }
}
