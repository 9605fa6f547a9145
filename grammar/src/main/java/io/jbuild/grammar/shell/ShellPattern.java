package io.jbuild.grammar.shell;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The shell patterns of {@code ${var#pat}}, {@code ${var%pat}} and {@code ${var/pat/rep}}: {@code *} any string
 * (shortest or longest), {@code ?} one character, backslash escapes; no bracket expressions (as in BuildKit).
 */
final class ShellPattern {

    private ShellPattern() {
    }

    static Pattern toRegex(String pattern, boolean greedy, boolean anchored) throws ExpansionException {
        StringBuilder out = new StringBuilder(pattern.length() + 4);
        if (anchored) {
            out.append('^');
        }
        String star = greedy ? ".*" : ".*?";
        int[] cps = pattern.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            switch (c) {
                case '*' -> out.append(star);
                case '?' -> out.append('.');
                case '\\' -> {
                    int next = i + 1 < cps.length ? cps[i + 1] : -1;
                    if (next == '}' || next == '/') {
                        continue; // the escape only protected the ${} syntax
                    }
                    if (next != '*' && next != '?' && next != '\\') {
                        throw new ExpansionException("invalid pattern (" + pattern + ") in substitution: invalid escape '\\"
                                + (next < 0 ? "" : new String(Character.toChars(next))) + "'", 0);
                    }
                    out.append('\\').appendCodePoint(next);
                    i++;
                }
                default -> {
                    if ("[]{}.+()|^$".indexOf(c) >= 0) {
                        out.append('\\');
                    }
                    out.appendCodePoint(c);
                }
            }
        }
        try {
            return Pattern.compile(out.toString());
        } catch (PatternSyntaxException e) {
            throw new ExpansionException("invalid pattern (" + pattern + ") in substitution: " + e.getDescription(), 0);
        }
    }

    static String trimPrefix(String pattern, String value, boolean greedy) throws ExpansionException {
        Matcher m = toRegex(pattern, greedy, true).matcher(value);
        return m.find() ? value.substring(m.end()) : value;
    }

    /** Shortest or longest suffix: reverse both strings so that it becomes a prefix match. */
    static String trimSuffix(String pattern, String value, boolean greedy) throws ExpansionException {
        String trimmed = trimPrefix(reversePattern(pattern), reverse(value), greedy);
        return reverse(trimmed);
    }

    /** Reverses a pattern but keeps each escape in front of the character it escapes. */
    private static String reversePattern(String pattern) {
        int[] cps = pattern.codePoints().toArray();
        int[] out = new int[cps.length];
        int last = cps.length - 1;
        for (int i = 0; i <= last; ) {
            int at = last - i;
            if (cps[i] == '\\' && i != last) {
                out[at - 1] = cps[i];
                out[at] = cps[i + 1];
                i += 2;
            } else {
                out[at] = cps[i];
                i++;
            }
        }
        return new String(out, 0, out.length);
    }

    private static String reverse(String s) {
        int[] cps = s.codePoints().toArray();
        StringBuilder b = new StringBuilder(s.length());
        for (int i = cps.length - 1; i >= 0; i--) {
            b.appendCodePoint(cps[i]);
        }
        return b.toString();
    }
}
