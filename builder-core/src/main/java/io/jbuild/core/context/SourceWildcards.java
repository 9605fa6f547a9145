package io.jbuild.core.context;

import io.jbuild.grammar.glob.GoGlob;
import java.nio.charset.StandardCharsets;

/**
 * The one matcher of COPY/ADD source wildcards, Go's {@code filepath.Match} ({@link GoGlob}): the context's sources
 * (and so the cache key's file set) and another stage's or image's files are selected by it alike. {@code [!x]} is
 * a class of '!' and 'x' here, not a negation as in Java's globs; {@code [^x]} negates.
 */
public final class SourceWildcards {

    private SourceWildcards() {
    }

    /** Whether one path segment has wildcards ({@code \} hides the byte after it, as in fsutil). */
    public static boolean has(String segment) {
        return GoGlob.containsWildcards(segment.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether {@code name} (one segment) matches {@code pattern} (one segment).
     *
     * @throws ContextException the pattern is malformed, named with {@code source}
     */
    public static boolean matches(String pattern, String name, String source) throws ContextException {
        try {
            return GoGlob.match(pattern.getBytes(StandardCharsets.UTF_8), name.getBytes(StandardCharsets.UTF_8));
        } catch (GoGlob.BadPatternException e) {
            throw new ContextException(source + ": syntax error in pattern", e);
        }
    }
}
