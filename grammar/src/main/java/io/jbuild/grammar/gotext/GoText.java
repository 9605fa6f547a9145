package io.jbuild.grammar.gotext;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Go library rules that BuildKit's lexer and docker's path matching are defined in terms of, so results and
 * messages match them exactly rather than following Java's slightly different definitions. Go strings are bytes
 * that are usually UTF-8: file names and .dockerignore lines need not be valid UTF-8, so the path functions work
 * on byte strings; the lexer's work on code points.
 */
public final class GoText {

    public static final int RUNE_ERROR = 0xFFFD;

    private GoText() {
    }

    /** Go's {@code unicode.IsLetter || unicode.IsDigit || '_'}: the characters of a variable name. */
    public static boolean isNameChar(int c) {
        return Character.isLetter(c) || Character.isDigit(c) || c == '_';
    }

    /** The text of one code point, or U+FFFD for end of input, as Go's {@code string(rune(-1))} gives. */
    public static String text(int c) {
        return c < 0 ? "\uFFFD" : Character.toString(c);
    }

    /** Go's {@code strconv.Quote} ({@code %q}): how BuildKit names a word in errors and writes its node dump. */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x0B -> out.append("\\v");
                default -> {
                    if (isPrint(c)) {
                        out.appendCodePoint(c);
                    } else if (c < 0x20 || c == 0x7F) {
                        out.append(String.format("\\x%02x", c));
                    } else if (Character.isSurrogate((char) c) && c <= 0xFFFF) {
                        out.append("\\ufffd");
                    } else if (c <= 0xFFFF) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.append(String.format("\\U%08x", c));
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    private static boolean isPrint(int c) {
        if (c == ' ') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
                    Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    /**
     * Decodes one rune at {@code i} as Go's {@code utf8.DecodeRune} does: an invalid or truncated sequence is
     * {@link #RUNE_ERROR} of width 1. Returns {@code rune | width << 32}.
     */
    public static long decodeRune(byte[] s, int i) {
        int b0 = s[i] & 0xFF;
        if (b0 < 0x80) {
            return b0 | (1L << 32);
        }
        int need;
        int lo = 0x80;
        int hi = 0xBF;
        int rune;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            need = 1;
            rune = b0 & 0x1F;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            need = 2;
            rune = b0 & 0x0F;
            if (b0 == 0xE0) {
                lo = 0xA0;
            } else if (b0 == 0xED) {
                hi = 0x9F; // no surrogates
            }
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            need = 3;
            rune = b0 & 0x07;
            if (b0 == 0xF0) {
                lo = 0x90;
            } else if (b0 == 0xF4) {
                hi = 0x8F;
            }
        } else {
            return RUNE_ERROR | (1L << 32);
        }
        if (i + need >= s.length) {
            return RUNE_ERROR | (1L << 32); // truncated sequence
        }
        for (int k = 1; k <= need; k++) {
            int b = s[i + k] & 0xFF;
            int min = k == 1 ? lo : 0x80;
            int max = k == 1 ? hi : 0xBF;
            if (b < min || b > max) {
                return RUNE_ERROR | (1L << 32);
            }
            rune = (rune << 6) | (b & 0x3F);
        }
        return rune | ((long) (need + 1) << 32);
    }

    public static int rune(long decoded) {
        return (int) decoded;
    }

    public static int width(long decoded) {
        return (int) (decoded >>> 32);
    }

    /** The runes of {@code s} as Go ranges over them: each invalid byte is one U+FFFD. */
    public static int[] runes(byte[] s) {
        int[] out = new int[s.length];
        int n = 0;
        for (int i = 0; i < s.length; ) {
            long d = decodeRune(s, i);
            out[n++] = rune(d);
            i += width(d);
        }
        return Arrays.copyOf(out, n);
    }

    /** {@code s} as a Java string of Go's runes; what Go's regexp sees when it matches {@code s}. */
    public static String runeString(byte[] s) {
        boolean ascii = true;
        for (byte b : s) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(s, StandardCharsets.ISO_8859_1);
        }
        int[] r = runes(s);
        return new String(r, 0, r.length);
    }

    /** Go's {@code unicode.IsSpace}. */
    public static boolean isSpace(int r) {
        if (r <= 0xFF) {
            return r == '\t' || r == '\n' || r == 0x0B || r == '\f' || r == '\r' || r == ' ' || r == 0x85
                    || r == 0xA0;
        }
        return r == 0x1680 || (r >= 0x2000 && r <= 0x200A) || r == 0x2028 || r == 0x2029 || r == 0x202F
                || r == 0x205F || r == 0x3000;
    }

    /** Go's {@code strings.TrimSpace}. */
    public static byte[] trimSpace(byte[] s) {
        int first = -1;
        int lastEnd = 0;
        for (int i = 0; i < s.length; ) {
            long d = decodeRune(s, i);
            int w = width(d);
            if (!isSpace(rune(d))) {
                if (first < 0) {
                    first = i;
                }
                lastEnd = i + w;
            }
            i += w;
        }
        return first < 0 ? new byte[0] : Arrays.copyOfRange(s, first, lastEnd);
    }

    /** Go's {@code path/filepath.Clean} with '/' as the separator (lexical; never touches the file system). */
    public static byte[] clean(byte[] path) {
        int n = path.length;
        if (n == 0) {
            return new byte[] {'.'};
        }
        boolean rooted = path[0] == '/';
        byte[] out = new byte[n + 1];
        int w = 0;
        int r = 0;
        int dotdot = 0;
        if (rooted) {
            out[w++] = '/';
            r = 1;
            dotdot = 1;
        }
        while (r < n) {
            if (path[r] == '/') {
                r++;
            } else if (path[r] == '.' && (r + 1 == n || path[r + 1] == '/')) {
                r++;
            } else if (path[r] == '.' && path[r + 1] == '.' && (r + 2 == n || path[r + 2] == '/')) {
                r += 2;
                if (w > dotdot) {
                    w--;
                    while (w > dotdot && out[w] != '/') {
                        w--;
                    }
                } else if (!rooted) {
                    if (w > 0) {
                        out[w++] = '/';
                    }
                    out[w++] = '.';
                    out[w++] = '.';
                    dotdot = w;
                }
            } else {
                if ((rooted && w != 1) || (!rooted && w != 0)) {
                    out[w++] = '/';
                }
                while (r < n && path[r] != '/') {
                    out[w++] = path[r++];
                }
            }
        }
        if (w == 0) {
            return new byte[] {'.'};
        }
        return Arrays.copyOf(out, w);
    }

    public static boolean startsWith(byte[] s, byte[] prefix) {
        return s.length >= prefix.length && Arrays.equals(s, 0, prefix.length, prefix, 0, prefix.length);
    }

    public static boolean endsWith(byte[] s, byte[] suffix) {
        return s.length >= suffix.length
                && Arrays.equals(s, s.length - suffix.length, s.length, suffix, 0, suffix.length);
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Text for messages: valid UTF-8 as is; invalid bytes and control characters escaped ({@code \xff}, {@code \n})
     * so that a hostile file name cannot forge lines in a log.
     */
    public static String display(byte[] s) {
        StringBuilder sb = new StringBuilder(s.length);
        for (int i = 0; i < s.length; ) {
            long d = decodeRune(s, i);
            int r = rune(d);
            int w = width(d);
            if (r == RUNE_ERROR && w == 1) {
                sb.append(String.format("\\x%02x", s[i] & 0xFF));
            } else if (r == '\n') {
                sb.append("\\n");
            } else if (r == '\t') {
                sb.append("\\t");
            } else if (r == '\\') {
                sb.append("\\\\");
            } else if (r < 0x20 || r == 0x7F) {
                sb.append(String.format("\\x%02x", r));
            } else {
                sb.appendCodePoint(r);
            }
            i += w;
        }
        return sb.toString();
    }

    /** Splits on '\n' and drops a '\r' before it, as Go's {@code bufio.ScanLines}. */
    public static List<byte[]> lines(byte[] content) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= content.length; i++) {
            boolean end = i == content.length;
            if (end && start == content.length) {
                break;
            }
            if (end || content[i] == '\n') {
                int stop = i;
                if (stop > start && content[stop - 1] == '\r') {
                    stop--;
                }
                out.add(Arrays.copyOfRange(content, start, stop));
                start = i + 1;
            }
        }
        return out;
    }

    public static byte[] join(List<byte[]> parts, byte sep) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                out.write(sep);
            }
            out.writeBytes(parts.get(i));
        }
        return out.toByteArray();
    }
}
