package io.jbuild.grammar.parser;

import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises parser directives ({@code # syntax=}, {@code # escape=}, {@code # check=}). They count only in
 * the unbroken run of directive comments at the very top of the file: the first line that is anything
 * else ends the run for good, as in BuildKit.
 */
final class DirectiveScanner {

    static final Set<String> KNOWN = Set.of("syntax", "escape", "check");

    // Go's \s is ASCII space without \v; hence the explicit class.
    private static final Pattern DIRECTIVE = Pattern.compile("^([a-zA-Z][a-zA-Z0-9]*)[\\t\\n\\f\\r ]*=[\\t\\n\\f\\r ]*(.+?)[\\t\\n\\f\\r ]*$");

    record Found(String name, String value) {
    }

    static final class DuplicateDirectiveException extends Exception {
        DuplicateDirectiveException(String name) {
            super("only one " + name + " parser directive can be used");
        }
    }

    private final Set<String> seen = new HashSet<>();
    private boolean done;

    /** Looks at one line (leading white space already removed). */
    Optional<Found> scan(String line) throws DuplicateDirectiveException {
        if (done) {
            return Optional.empty();
        }
        if (!line.startsWith("#")) {
            done = true;
            return Optional.empty();
        }
        Matcher m = DIRECTIVE.matcher(Spaces.trimLeft(line.substring(1)));
        if (!m.matches()) {
            done = true;
            return Optional.empty();
        }
        String name = m.group(1).toLowerCase(Locale.ROOT);
        if (!KNOWN.contains(name)) {
            done = true;
            return Optional.empty();
        }
        if (!seen.add(name)) {
            throw new DuplicateDirectiveException(name);
        }
        return Optional.of(new Found(name, m.group(2)));
    }
}
