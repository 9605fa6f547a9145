package io.jbuild.grammar.parser;

import java.util.ArrayList;
import java.util.List;

/** The two notions of white space a Dockerfile parser needs, matching BuildKit's. */
final class Spaces {

    private Spaces() {
    }

    /** Unicode white space as Go's {@code unicode.IsSpace} sees it (used for trimming lines and words). */
    static boolean isUnicodeSpace(int c) {
        return switch (c) {
            case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0 -> true;
            default -> c > 0xFF && Character.getType(c) == Character.SPACE_SEPARATOR
                    || c == 0x2028 || c == 0x2029;
        };
    }

    /** The separator between an instruction's words ({@code [\t\v\f\r ]}). */
    static boolean isSeparator(int c) {
        return c == ' ' || c == '\t' || c == 0x0B || c == '\f' || c == '\r';
    }

    static int skipUnicodeSpace(String s, int from) {
        int i = from;
        while (i < s.length() && isUnicodeSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    static int trimEndUnicodeSpace(String s, int end) {
        int i = end;
        while (i > 0 && isUnicodeSpace(s.charAt(i - 1))) {
            i--;
        }
        return i;
    }

    static String trimLeft(String s) {
        return s.substring(skipUnicodeSpace(s, 0));
    }

    static String trim(String s) {
        int start = skipUnicodeSpace(s, 0);
        return s.substring(start, Math.max(start, trimEndUnicodeSpace(s, s.length())));
    }

    /** Splits on runs of separators, keeping empty leading and trailing pieces (Go's {@code regexp.Split(s, -1)}). */
    static List<String> splitOnSeparators(String s, int limit) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < s.length()) {
            if (isSeparator(s.charAt(i)) && (limit <= 0 || parts.size() < limit - 1)) {
                int j = i;
                while (j < s.length() && isSeparator(s.charAt(j))) {
                    j++;
                }
                parts.add(s.substring(start, i));
                start = j;
                i = j;
            } else {
                i++;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }
}
