package io.jbuild.grammar.ignore;

import io.jbuild.grammar.glob.GoGlob;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Translates the Go (RE2) regular expressions that docker's pattern matcher builds from .dockerignore lines into
 * {@link Pattern}s with the same meaning.
 *
 * <p>Docker copies '[', ']', '^' and the character after a '\' from the pattern into the regexp unchanged, so a
 * .dockerignore line can use RE2 syntax that Java reads differently: {@code [[:alpha:]]}, {@code [a[b]} (no nested
 * classes in RE2), {@code \d}, {@code \x41}, octal escapes, {@code \pL}, {@code \Q...\E}. This class parses that
 * subset of RE2 (literals, escapes, classes, groups, {@code . * ?}, anchors) and writes an unambiguous Java regexp;
 * anything else RE2 rejects is rejected here too, as docker then fails with "syntax error in pattern".
 */
final class GoRegex {

    private static final Map<String, String> POSIX_CLASSES = Map.ofEntries(
            Map.entry("alnum", "\\p{Alnum}"), Map.entry("alpha", "\\p{Alpha}"), Map.entry("ascii", "\\p{ASCII}"),
            Map.entry("blank", "\\p{Blank}"), Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("digit", "\\p{Digit}"),
            Map.entry("graph", "\\p{Graph}"), Map.entry("lower", "\\p{Lower}"), Map.entry("print", "\\p{Print}"),
            Map.entry("punct", "\\p{Punct}"), Map.entry("space", "\\p{Space}"), Map.entry("upper", "\\p{Upper}"),
            Map.entry("word", "\\w"), Map.entry("xdigit", "\\p{XDigit}"));

    /** Go's single-letter Unicode classes ({@code \pL}); longer names need braces, which docker escapes. */
    private static final String UNICODE_LETTERS = "CLMNPSZ";

    private final int[] re;
    private int i;
    private final StringBuilder out = new StringBuilder();

    private GoRegex(String goRegex) {
        this.re = goRegex.codePoints().toArray();
    }

    /** Compiles a Go regexp (as Go's {@code regexp.Compile} would read it) to a Java pattern. */
    static Pattern compile(String goRegex) throws GoGlob.BadPatternException {
        GoRegex t = new GoRegex(goRegex);
        try {
            t.translate();
            // UNIX_LINES: like RE2, '.' excludes only '\n'; anchors are emitted as \A and \z.
            return Pattern.compile(t.out.toString(), Pattern.UNIX_LINES);
        } catch (PatternSyntaxException | IllegalStateException e) {
            throw new GoGlob.BadPatternException();
        }
    }

    private void translate() throws GoGlob.BadPatternException {
        int depth = 0;
        boolean canRepeat = false;
        while (i < re.length) {
            int c = re[i++];
            switch (c) {
                case '\\' -> {
                    if (i < re.length && re[i] == 'Q') {
                        i++;
                        quoteUntilE();
                    } else {
                        escape();
                    }
                    canRepeat = true;
                }
                case '[' -> {
                    charClass();
                    canRepeat = true;
                }
                case '(' -> {
                    out.append("(?:");
                    depth++;
                    canRepeat = false;
                }
                case ')' -> {
                    if (depth == 0) {
                        throw new GoGlob.BadPatternException();
                    }
                    depth--;
                    out.append(')');
                    canRepeat = true;
                }
                case '*', '?', '+' -> {
                    if (!canRepeat) {
                        throw new GoGlob.BadPatternException(); // missing argument or nested repetition
                    }
                    out.appendCodePoint(c);
                    canRepeat = false;
                }
                case '.' -> {
                    out.append('.');
                    canRepeat = true;
                }
                case '^' -> {
                    out.append("\\A"); // RE2 without (?m): beginning of text
                    canRepeat = true;
                }
                case '$' -> {
                    out.append("\\z");
                    canRepeat = true;
                }
                case '|' -> {
                    out.append('|');
                    canRepeat = false;
                }
                default -> {
                    literal(c);
                    canRepeat = true;
                }
            }
        }
        if (depth != 0) {
            throw new GoGlob.BadPatternException();
        }
    }

    private void quoteUntilE() {
        while (i < re.length) {
            if (re[i] == '\\' && i + 1 < re.length && re[i + 1] == 'E') {
                i += 2;
                return;
            }
            literal(re[i++]);
        }
    }

    /** An escape outside a class; the backslash is consumed. */
    private void escape() throws GoGlob.BadPatternException {
        if (i >= re.length) {
            throw new GoGlob.BadPatternException(); // trailing backslash
        }
        int c = re[i];
        switch (c) {
            case 'A' -> {
                i++;
                out.append("\\A");
                return;
            }
            case 'z' -> {
                i++;
                out.append("\\z");
                return;
            }
            case 'b' -> {
                i++;
                out.append("(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))");
                return;
            }
            case 'B' -> {
                i++;
                out.append("(?:(?<=[0-9A-Za-z_])(?=[0-9A-Za-z_])|(?<![0-9A-Za-z_])(?![0-9A-Za-z_]))");
                return;
            }
            default -> {
            }
        }
        String perl = perlClass(c);
        if (perl != null) {
            i++;
            out.append('[').append(perl).append(']');
            return;
        }
        String unicode = unicodeClass();
        if (unicode != null) {
            out.append('[').append(unicode).append(']');
            return;
        }
        literal(escapedChar());
    }

    /** RE2's Perl classes, ASCII only; null if {@code c} is not one. */
    private static String perlClass(int c) {
        return switch (c) {
            case 'd' -> "0-9";
            case 'D' -> "^0-9";
            case 's' -> "\\t\\n\\f\\r ";
            case 'S' -> "^\\t\\n\\f\\r ";
            case 'w' -> "0-9A-Za-z_";
            case 'W' -> "^0-9A-Za-z_";
            default -> null;
        };
    }

    /** {@code \pX} / {@code \PX} at {@code re[i]} (after the backslash); consumes it; null if not one. */
    private String unicodeClass() throws GoGlob.BadPatternException {
        int c = re[i];
        if (c != 'p' && c != 'P') {
            return null;
        }
        if (i + 1 >= re.length || UNICODE_LETTERS.indexOf(re[i + 1]) < 0) {
            throw new GoGlob.BadPatternException(); // unknown class name, or {...} which docker escapes
        }
        String name = Character.toString(re[i + 1]);
        i += 2;
        return (c == 'p' ? "\\p{" : "\\P{") + name + "}";
    }

    /** RE2's {@code parseEscape}: the literal rune an escape stands for; the backslash is consumed. */
    private int escapedChar() throws GoGlob.BadPatternException {
        if (i >= re.length) {
            throw new GoGlob.BadPatternException();
        }
        int c = re[i++];
        switch (c) {
            case '1', '2', '3', '4', '5', '6', '7' -> {
                // A single non-zero digit would be a backreference, which RE2 does not have.
                if (i >= re.length || re[i] < '0' || re[i] > '7') {
                    throw new GoGlob.BadPatternException();
                }
                return octal(c);
            }
            case '0' -> {
                return octal(c);
            }
            case 'x' -> {
                if (i + 1 >= re.length) {
                    throw new GoGlob.BadPatternException();
                }
                int hi = Character.digit(re[i], 16);
                int lo = Character.digit(re[i + 1], 16);
                if (hi < 0 || lo < 0 || re[i] > 'f' || re[i + 1] > 'f') {
                    throw new GoGlob.BadPatternException();
                }
                i += 2;
                return hi * 16 + lo;
            }
            case 'a' -> {
                return 7;
            }
            case 'f' -> {
                return '\f';
            }
            case 'n' -> {
                return '\n';
            }
            case 'r' -> {
                return '\r';
            }
            case 't' -> {
                return '\t';
            }
            case 'v' -> {
                return 0x0B;
            }
            default -> {
                if (c < 0x80 && !Character.isLetterOrDigit(c)) {
                    return c; // escaped punctuation
                }
                throw new GoGlob.BadPatternException();
            }
        }
    }

    private int octal(int first) {
        int r = first - '0';
        for (int k = 1; k < 3 && i < re.length && re[i] >= '0' && re[i] <= '7'; k++) {
            r = r * 8 + (re[i++] - '0');
        }
        return r;
    }

    /** RE2's {@code parseClass} with Perl flags; the '[' is consumed. */
    private void charClass() throws GoGlob.BadPatternException {
        StringBuilder items = new StringBuilder();
        boolean negated = false;
        if (i < re.length && re[i] == '^') {
            negated = true;
            i++;
        }
        boolean first = true;
        while (i >= re.length || re[i] != ']' || first) {
            if (i >= re.length) {
                throw new GoGlob.BadPatternException(); // missing ]
            }
            first = false;
            if (re[i] == '[' && i + 1 < re.length && re[i + 1] == ':') {
                String named = posixClass();
                if (named != null) {
                    items.append(named);
                    continue;
                }
            }
            if (re[i] == '\\' && i + 1 < re.length) {
                String perl = perlClass(re[i + 1]);
                if (perl != null) {
                    i += 2;
                    items.append('[').append(perl).append(']');
                    continue;
                }
                int save = i;
                i++;
                String unicode = unicodeClass();
                if (unicode != null) {
                    items.append(unicode);
                    continue;
                }
                i = save;
            }
            int lo = classChar();
            int hi = lo;
            if (i + 1 < re.length && re[i] == '-' && re[i + 1] != ']') {
                i++;
                hi = classChar();
                if (hi < lo) {
                    throw new GoGlob.BadPatternException(); // invalid character class range
                }
            }
            hex(items, lo);
            if (hi != lo) {
                items.append('-');
                hex(items, hi);
            }
        }
        i++; // ]
        out.append('[');
        if (negated) {
            out.append('^');
        }
        out.append(items).append(']');
    }

    private int classChar() throws GoGlob.BadPatternException {
        if (i >= re.length) {
            throw new GoGlob.BadPatternException();
        }
        if (re[i] == '\\') {
            i++;
            return escapedChar();
        }
        return re[i++];
    }

    /** {@code [:name:]} or {@code [:^name:]} at {@code re[i]}; null (nothing consumed) if there is no ":]". */
    private String posixClass() throws GoGlob.BadPatternException {
        int close = -1;
        for (int k = i + 2; k + 1 < re.length; k++) {
            if (re[k] == ':' && re[k + 1] == ']') {
                close = k;
                break;
            }
        }
        if (close < 0) {
            return null;
        }
        String name = new String(re, i + 2, close - (i + 2));
        boolean negated = name.startsWith("^");
        String java = POSIX_CLASSES.get(negated ? name.substring(1) : name);
        if (java == null) {
            throw new GoGlob.BadPatternException(); // invalid character class range
        }
        i = close + 2;
        if (negated) {
            return "[^" + java + "]";
        }
        return java;
    }

    private void literal(int c) {
        hex(out, c);
    }

    private static void hex(StringBuilder sb, int c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '/') {
            sb.append((char) c);
        } else {
            sb.append("\\x{").append(Integer.toHexString(c)).append('}');
        }
    }
}
