package io.jbuild.grammar.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * BuildKit's {@code # check=skip=A,B;error=true;experimental=C} options, from the directive at the top of the
 * file or from a comment directly above an instruction (which then applies to that instruction only).
 *
 * @param skip            rule ids not to report
 * @param skipAll         {@code skip=all}: report nothing but errors of the parser
 * @param experimental    experimental rules to run
 * @param experimentalAll {@code experimental=all}
 * @param error           {@code error=true}: BuildKit's checks become errors (the build fails on them)
 */
public record CheckDirective(Set<String> skip, boolean skipAll, Set<String> experimental, boolean experimentalAll,
                             boolean error) {

    public static final CheckDirective NONE = new CheckDirective(Set.of(), false, Set.of(), false, false);

    public CheckDirective {
        skip = Set.copyOf(skip);
        experimental = Set.copyOf(experimental);
    }

    /** Parses the value after {@code check=}, with BuildKit's rules and messages. */
    public static CheckDirective parse(String value) throws LintConfigException {
        String v = value.strip();
        if (v.isEmpty()) {
            return NONE;
        }
        List<String> skip = new ArrayList<>();
        List<String> experimental = new ArrayList<>();
        boolean skipAll = false;
        boolean experimentalAll = false;
        boolean error = false;
        for (String part : v.split(";", 3)) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new LintConfigException("invalid check option \"" + part + "\"");
            }
            String key = part.substring(0, eq).strip();
            String val = part.substring(eq + 1).strip();
            switch (key) {
                case "skip" -> {
                    if (val.equals("all")) {
                        skipAll = true;
                    } else {
                        for (String r : val.split(",", -1)) {
                            skip.add(r.strip());
                        }
                    }
                }
                case "experimental" -> {
                    if (val.equals("all")) {
                        experimentalAll = true;
                    } else {
                        for (String r : val.split(",", -1)) {
                            experimental.add(r.strip());
                        }
                    }
                }
                case "error" -> error = parseGoBool(val).orElseThrow(() -> new LintConfigException(
                        "failed to parse check option \"" + part + "\": strconv.ParseBool: parsing \"" + val + "\": invalid syntax"));
                default -> throw new LintConfigException("invalid check option \"" + key + "\"");
            }
        }
        return new CheckDirective(Set.copyOf(skip), skipAll, Set.copyOf(experimental), experimentalAll, error);
    }

    /**
     * The options of a {@code check=} comment above an instruction (comment text without {@code #}), empty when
     * the comment is not one. As in BuildKit only the value's first word counts and a malformed one is ignored.
     */
    public static Optional<CheckDirective> fromComment(String comment) {
        String c = comment.strip();
        int eq = c.indexOf('=');
        if (eq < 0 || !c.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("check")) {
            return Optional.empty();
        }
        String value = c.substring(eq + 1).strip();
        int space = value.indexOf(' ');
        if (space >= 0) {
            value = value.substring(0, space);
        }
        try {
            return Optional.of(parse(value));
        } catch (LintConfigException e) {
            return Optional.empty();
        }
    }

    /** Go's {@code strconv.ParseBool}. */
    private static Optional<Boolean> parseGoBool(String s) {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> Optional.of(true);
            case "0", "f", "F", "FALSE", "false", "False" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    public boolean skips(String ruleId) {
        return skipAll || skip.contains(ruleId);
    }

    public boolean enablesExperimental(String ruleId) {
        return experimentalAll || experimental.contains(ruleId);
    }
}
