package io.jbuild.grammar.shell;

import io.jbuild.grammar.gotext.GoText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A pattern of {@code ${var#pat}}, {@code ${var%pat}} or {@code ${var/pat/rep}}, read as BuildKit reads it:
 * {@code *} matches any run of characters, {@code ?} one character, {@code \*}, {@code \?} and {@code \\} are
 * literal, and a backslash before a closing brace or a slash is dropped (it only protected the {@code ${}}
 * syntax); there are no bracket expressions. BuildKit turns the pattern into a Go regular expression, so
 * {@code *} and {@code ?} never match a newline; matching follows Go's leftmost-first rule.
 *
 * <p>The pattern is kept as fixed-length segments between stars rather than handed to {@code java.util.regex},
 * whose backtracking can take exponential time on patterns such as {@code *a*a*a*a*b}; see
 * {@link PatternMatcher}.
 */
final class ShellPattern {

    /** In a segment: {@code ?}, any one character except a newline. Every other entry is a literal code point. */
    static final int ANY = -1;

    private final int[][] segments;
    private final boolean greedy;

    private ShellPattern(int[][] segments, boolean greedy) {
        this.segments = segments;
        this.greedy = greedy;
    }

    /** The pattern's text between its stars; there is always one more segment than there are stars. */
    int[][] segments() {
        return segments;
    }

    /** Whether a star prefers the longest run ({@code ##}, {@code %%} and {@code /}) or the shortest. */
    boolean greedy() {
        return greedy;
    }

    static ShellPattern compile(String pattern, boolean greedy) throws InvalidPatternException {
        int[] cps = pattern.codePoints().toArray();
        List<int[]> segments = new ArrayList<>();
        IntList current = new IntList();
        boolean afterStar = false;
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            if (c == '*') {
                // A run of stars matches exactly what one star matches, in the same preference order; keeping one
                // bounds the matcher's work by the number of distinct stars.
                if (!afterStar) {
                    segments.add(current.toArray());
                    current = new IntList();
                    afterStar = true;
                }
                continue;
            }
            if (c == '?') {
                current.add(ANY);
                afterStar = false;
                continue;
            }
            if (c == '\\') {
                int next = i + 1 < cps.length ? cps[i + 1] : -1;
                if (next == '}' || next == '/') {
                    continue;
                }
                if (next != '*' && next != '?' && next != '\\') {
                    throw new InvalidPatternException(pattern, "invalid escape '\\" + GoText.text(next) + "'");
                }
                current.add(next);
                afterStar = false;
                i++;
                continue;
            }
            current.add(c);
            afterStar = false;
        }
        segments.add(current.toArray());
        return new ShellPattern(segments.toArray(new int[0][]), greedy);
    }

    /** {@code ${value#pattern}} (shortest) or {@code ${value##pattern}} (longest): the prefix match removed. */
    static String trimPrefix(String pattern, String value, boolean greedy) throws InvalidPatternException {
        int[] text = value.codePoints().toArray();
        int end = new PatternMatcher(compile(pattern, greedy), text).matchAt(0);
        return end < 0 ? value : new String(text, end, text.length - end);
    }

    /**
     * {@code ${value%pattern}} or {@code ${value%%pattern}}. A leftmost search cannot find the shortest suffix, so
     * as BuildKit does, both strings are reversed and the prefix trimmed; an error then shows the reversed pattern.
     */
    static String trimSuffix(String pattern, String value, boolean greedy) throws InvalidPatternException {
        return reverse(trimPrefix(reversePattern(pattern), reverse(value), greedy));
    }

    /**
     * {@code ${value/pattern/replacement}} and, with {@code all}, {@code ${value//pattern/replacement}}. Replacing
     * every match follows Go's {@code ReplaceAllString}, which also expands {@code $0}, {@code $$} and friends in
     * the replacement (see {@link GoReplacement}); replacing the first match inserts it literally.
     */
    static String replace(String pattern, String value, String replacement, boolean all)
            throws InvalidPatternException {
        ShellPattern compiled = compile(pattern, true);
        int[] text = value.codePoints().toArray();
        PatternMatcher matcher = new PatternMatcher(compiled, text);
        if (!all) {
            int[] m = matcher.find(0);
            if (m == null) {
                return value;
            }
            return slice(text, 0, m[0]) + replacement + slice(text, m[1], text.length);
        }
        StringBuilder out = new StringBuilder(value.length());
        int lastEnd = 0;
        int searchFrom = 0;
        while (searchFrom <= text.length) {
            int[] m = matcher.find(searchFrom);
            if (m == null) {
                break;
            }
            out.append(slice(text, lastEnd, m[0]));
            // Go skips an empty match right after the previous match, so "x*" does not replace twice there.
            if (m[1] > lastEnd || m[0] == 0) {
                GoReplacement.expand(out, replacement, slice(text, m[0], m[1]));
            }
            lastEnd = m[1];
            // Always move on by at least one character.
            searchFrom = Math.max(searchFrom + 1, m[1]);
        }
        out.append(slice(text, lastEnd, text.length));
        return out.toString();
    }

    /** Reverses a pattern, keeping each backslash in front of what it escapes ({@code a\*c} to {@code c\*a}). */
    static String reversePattern(String pattern) {
        int[] cps = pattern.codePoints().toArray();
        int[] out = new int[cps.length];
        int last = cps.length - 1;
        for (int i = 0; i <= last; ) {
            int at = last - i;
            if (cps[i] == '\\' && i != last) {
                out[at - 1] = '\\';
                out[at] = cps[i + 1];
                i += 2;
            } else {
                out[at] = cps[i];
                i++;
            }
        }
        return new String(out, 0, out.length);
    }

    /** {@code s} reversed by code point, so that characters outside the BMP stay intact. */
    static String reverse(String s) {
        int[] cps = s.codePoints().toArray();
        StringBuilder b = new StringBuilder(s.length());
        for (int i = cps.length - 1; i >= 0; i--) {
            b.appendCodePoint(cps[i]);
        }
        return b.toString();
    }

    private static String slice(int[] text, int from, int to) {
        return new String(text, from, to - from);
    }

    /** A pattern BuildKit's conversion rejects; the message is BuildKit's. */
    static final class InvalidPatternException extends Exception {

        private static final long serialVersionUID = 1L;

        InvalidPatternException(String pattern, String detail) {
            super("invalid pattern (" + pattern + ") in substitution: " + detail);
        }
    }

    /** A growable int array, to build segments without boxing. */
    private static final class IntList {
        private int[] values = new int[8];
        private int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
