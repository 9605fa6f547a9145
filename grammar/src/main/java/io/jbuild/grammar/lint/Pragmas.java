package io.jbuild.grammar.lint;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * hadolint's comment pragmas, read from comment text without {@code #}: {@code hadolint ignore=DL3008,DL3009}
 * (the next instruction), {@code hadolint global ignore=...} (the whole file) and
 * {@code hadolint stage ignore=...} (the rest of the stage). Any rule id may be named, BuildKit's too.
 */
public final class Pragmas {

    /** Which kind of ignore a comment is. */
    public enum Scope { INSTRUCTION, STAGE, GLOBAL }

    /** The rules a pragma comment names, and how far it reaches. */
    public record Ignore(Scope scope, Set<String> rules) {
    }

    private static final Pattern IGNORE = Pattern.compile(
            "^[ \\t]*hadolint[ \\t]+(?:(global|stage)[ \\t]+)?ignore[ \\t]*=[ \\t]*"
                    + "([A-Za-z0-9]+(?:[ \\t]*,[ \\t]*[A-Za-z0-9]+)*)[ \\t]*(?:#.*)?$");

    private Pragmas() {
    }

    /** The ignore pragma in {@code comment}, if it is one. */
    public static Optional<Ignore> ignore(String comment) {
        Matcher m = IGNORE.matcher(comment);
        if (!m.matches()) {
            return Optional.empty();
        }
        Scope scope = m.group(1) == null ? Scope.INSTRUCTION
                : m.group(1).equals("global") ? Scope.GLOBAL : Scope.STAGE;
        Set<String> rules = new LinkedHashSet<>();
        for (String r : m.group(2).split(",")) {
            rules.add(r.strip());
        }
        return Optional.of(new Ignore(scope, Set.copyOf(rules)));
    }
}
