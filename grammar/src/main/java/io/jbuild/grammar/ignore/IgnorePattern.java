package io.jbuild.grammar.ignore;

import io.jbuild.grammar.glob.GoGlob;
import io.jbuild.grammar.gotext.GoText;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * One .dockerignore pattern, compiled as docker's patternmatcher compiles it: a plain path is an exact match,
 * {@code prefix/**} a prefix match, {@code **}{@code /suffix} a suffix match, anything else a regexp where {@code *}
 * is {@code [^/]*}, {@code ?} is {@code [^/]}, {@code **} is any number of directories, and '[', ']', '^' and
 * escapes pass through to the regexp.
 */
final class IgnorePattern {

    /** How a pattern matches; the four kinds patternmatcher distinguishes. */
    sealed interface Kind {
    }

    record Exact() implements Kind {
    }

    /** {@code text**}: the path starts with the text. */
    record Prefix(byte[] prefix) implements Kind {
    }

    /** {@code **text}: the path ends with the text, or is the text after its leading '/'. */
    record Suffix(byte[] suffix) implements Kind {
    }

    record Regex(Pattern pattern) implements Kind {
    }

    private final byte[] cleaned;
    private final boolean exclusion;
    private final Kind kind;

    private IgnorePattern(byte[] cleaned, boolean exclusion, Kind kind) {
        this.cleaned = cleaned;
        this.exclusion = exclusion;
        this.kind = kind;
    }

    /**
     * Compiles a pattern already trimmed and cleaned and without its '!'. Unlike docker, which compiles lazily at the
     * first match, a pattern Go's regexp would reject fails here, so the error names the line before any walk.
     */
    static IgnorePattern compile(byte[] cleaned, boolean exclusion) throws GoGlob.BadPatternException {
        // docker first checks the syntax with filepath.Match, then builds its regexp.
        GoGlob.match(cleaned, new byte[] {'.'});
        return new IgnorePattern(cleaned, exclusion, kindOf(cleaned));
    }

    private static Kind kindOf(byte[] cleaned) throws GoGlob.BadPatternException {
        int[] p = GoText.runes(cleaned);
        StringBuilder re = new StringBuilder("^");
        int type = 0; // 0 exact, 1 prefix, 2 suffix, 3 regexp, as patternmatcher's detectedType
        for (int k = 0, iteration = 0; k < p.length; iteration++) {
            int ch = p[k++];
            if (ch == '*') {
                if (k < p.length && p[k] == '*') {
                    k++;
                    if (k < p.length && p[k] == '/') {
                        k++; // "**/" is "**"
                    }
                    if (k == p.length) {
                        // A trailing "**" accepts everything, like .gitignore.
                        if (type == 0) {
                            type = 1;
                        } else {
                            re.append(".*");
                            type = 3;
                        }
                    } else {
                        re.append("(.*/)?"); // any number of directories, even none
                        type = 3;
                    }
                    if (iteration == 0) {
                        type = 2;
                    }
                } else {
                    re.append("[^/]*");
                    type = 3;
                }
            } else if (ch == '?') {
                re.append("[^/]");
                type = 3;
            } else if (".+()|{}$".indexOf(ch) >= 0) {
                re.append('\\').appendCodePoint(ch);
            } else if (ch == '\\') {
                if (k < p.length) {
                    re.append('\\').appendCodePoint(p[k++]);
                    type = 3;
                } else {
                    re.append('\\');
                }
            } else if (ch == '[' || ch == ']') {
                re.appendCodePoint(ch);
                type = 3;
            } else {
                re.appendCodePoint(ch);
            }
        }
        return switch (type) {
            case 0 -> new Exact();
            case 1 -> new Prefix(Arrays.copyOf(cleaned, cleaned.length - 2));
            case 2 -> new Suffix(Arrays.copyOfRange(cleaned, 2, cleaned.length));
            default -> new Regex(GoRegex.compile(re.append('$').toString()));
        };
    }

    boolean exclusion() {
        return exclusion;
    }

    byte[] cleaned() {
        return cleaned.clone();
    }

    Kind kind() {
        return kind;
    }

    /**
     * Whether the pattern matches {@code path} (slash-separated, relative). {@code runes} is the path as Go's regexp
     * reads it, computed once per path by the caller.
     */
    boolean matches(byte[] path, String runes) {
        if (kind instanceof Exact) {
            return Arrays.equals(path, cleaned);
        }
        if (kind instanceof Prefix pre) {
            return GoText.startsWith(path, pre.prefix());
        }
        if (kind instanceof Suffix suf) {
            byte[] s = suf.suffix();
            // "**/foo" also matches "foo" itself.
            return GoText.endsWith(path, s)
                    || (s.length > 0 && s[0] == '/' && Arrays.equals(path, 0, path.length, s, 1, s.length));
        }
        return ((Regex) kind).pattern().matcher(runes).find();
    }

    /** The pattern without a trailing {@code /**} or {@code /*}, as fsutil uses to decide whether to descend. */
    byte[] withoutTrailingGlob() {
        byte[] s = cleaned;
        if (GoText.endsWith(s, new byte[] {'/', '*', '*'})) {
            s = Arrays.copyOf(s, s.length - 3);
        }
        if (GoText.endsWith(s, new byte[] {'/', '*'})) {
            s = Arrays.copyOf(s, s.length - 2);
        }
        return s;
    }

    @Override
    public String toString() {
        return (exclusion ? "!" : "") + new String(cleaned, StandardCharsets.UTF_8);
    }
}
