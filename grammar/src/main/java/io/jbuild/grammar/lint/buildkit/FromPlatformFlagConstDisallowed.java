package io.jbuild.grammar.lint.buildkit;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.gotext.GoText;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Rule;
import io.jbuild.grammar.lint.RuleInfo;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.shell.Expansion;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code FROM --platform=linux/amd64}: a constant platform pins the stage, unless the stage's name says so
 * (it contains the platform's OS or architecture, as in {@code AS build-amd64}).
 */
public final class FromPlatformFlagConstDisallowed implements Rule {

    private static final RuleInfo INFO = RuleInfo.buildkit("FromPlatformFlagConstDisallowed",
            "from-platform-flag-const-disallowed", "FROM --platform flag should not use a constant value");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Stage s : file.stages()) {
            Instruction.From from = s.from();
            if (from.platform().isEmpty()) {
                continue;
            }
            Optional<Expansion> e = FromExpansion.expand(file.variables().expander(), from.platform().get(),
                    file.variables().global());
            if (e.isEmpty() || !e.get().matched().isEmpty() || !e.get().unmatched().isEmpty()) {
                continue;
            }
            Optional<String[]> p = parsePlatform(e.get().result());
            if (p.isEmpty()) {
                continue;
            }
            String name = s.name().orElse("");
            if (name.contains(p.get()[0]) || name.contains(p.get()[1])) {
                continue;
            }
            out.report(RedundantTargetPlatform.platformFlag(from).map(f -> f.range()).orElse(from.meta().range()),
                    "FROM --platform flag should not use constant value " + GoText.quote(e.get().result()));
        }
    }

    /** containerd's platform parsing, enough to get {os, arch}: normalized names, an arch alone means linux. */
    static Optional<String[]> parsePlatform(String spec) {
        String[] parts = spec.toLowerCase(Locale.ROOT).split("/", -1);
        if (parts.length == 0 || parts.length > 3) {
            return Optional.empty();
        }
        for (String part : parts) {
            if (!part.matches("[a-z0-9_.-]+")) {
                return Optional.empty();
            }
        }
        if (parts.length == 1) {
            String only = parts[0];
            if (isOs(only)) {
                return Optional.of(new String[] {normalizeOs(only), "amd64"});
            }
            return Optional.of(new String[] {"linux", normalizeArch(only)});
        }
        return Optional.of(new String[] {normalizeOs(parts[0]), normalizeArch(parts[1])});
    }

    private static boolean isOs(String s) {
        return switch (s) {
            case "linux", "windows", "darwin", "freebsd", "netbsd", "openbsd", "solaris", "illumos", "android", "ios",
                 "aix", "plan9", "js", "wasip1", "dragonfly", "macos" -> true;
            default -> false;
        };
    }

    private static String normalizeOs(String os) {
        return os.equals("macos") ? "darwin" : os;
    }

    private static String normalizeArch(String arch) {
        return switch (arch) {
            case "i386" -> "386";
            case "x86_64", "x86-64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "armhf", "armel", "arm" -> "arm";
            default -> arch;
        };
    }
}
