package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Step;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.grammar.source.Severity;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * DL3026: an image from a registry that {@code trustedRegistries} does not list (FROM, {@code COPY --from},
 * {@code RUN --mount=from=}); earlier stage names are fine. Runs only when the list is configured; entries may
 * start or end with {@code *}.
 */
public final class Dl3026TrustedRegistries extends DlRule {

    public Dl3026TrustedRegistries() {
        super("DL3026", Severity.ERROR, "Use only an allowed registry in the FROM image");
    }

    @Override
    public void check(LintContext file, Findings out) {
        List<String> allowed = file.config().trustedRegistries();
        if (allowed.isEmpty()) {
            return;
        }
        Set<String> aliases = new HashSet<>();
        for (Step s : file.steps(false)) {
            Instruction i = s.instruction();
            if (i instanceof Instruction.From f) {
                if (!ok(f.image(), aliases, allowed)) {
                    out.report(file.wordRange(f, f.image()), message());
                }
                f.stageName().ifPresent(aliases::add);
            } else if (i instanceof Instruction.Copy c && c.from().isPresent()) {
                if (!ok(c.from().get(), aliases, allowed)) {
                    out.report(FromFlag.range(c, "from"), message());
                }
            } else if (i instanceof Instruction.Run r) {
                for (String src : Sh.mountSources(r)) {
                    if (!ok(src, aliases, allowed)) {
                        out.report(FromFlag.range(r, "mount"), message());
                        break;
                    }
                }
            }
        }
    }

    private static boolean ok(String image, Set<String> aliases, List<String> allowed) {
        ImageReference.Written ref = ImageReference.split(image);
        if (aliases.contains(ref.path().toLowerCase(Locale.ROOT)) || image.matches("[0-9]+")) {
            return true;
        }
        if (ref.registry().isPresent()) {
            return allowed.stream().anyMatch(a -> matches(a, ref.registry().get()));
        }
        return ref.path().equals("scratch") || allowed.stream().anyMatch(a -> matches(a, "docker.io") || matches(a, "hub.docker.com"));
    }

    private static boolean matches(String allow, String registry) {
        if (allow.equals("*")) {
            return true;
        }
        if (allow.startsWith("*")) {
            return registry.endsWith(allow.substring(1));
        }
        if (allow.endsWith("*")) {
            return registry.startsWith(allow.substring(0, allow.length() - 1));
        }
        return registry.equals(allow);
    }
}
