package io.jbuild.grammar.reference;

/**
 * The parts of distribution's reference grammar, and a digest's hex, checked by hand rather than by regular
 * expressions: compiling the patterns (character classes with ranges) set up {@code java.lang.invoke}, ~15-20 ms
 * of a command's start. {@code ReferenceSyntaxTest} holds the checks to the patterns.
 */
final class ReferenceSyntax {

    private ReferenceSyntax() {
    }

    /** {@code path-component ("/" path-component)*}. */
    static boolean repository(String s) {
        int start = 0;
        while (true) {
            int slash = s.indexOf('/', start);
            int end = slash < 0 ? s.length() : slash;
            if (!pathComponent(s, start, end)) {
                return false;
            }
            if (slash < 0) {
                return true;
            }
            start = slash + 1;
        }
    }

    /** {@code [a-z0-9]+ (("." | "_" | "__" | "-"+) [a-z0-9]+)*} over {@code s[from, to)}. */
    private static boolean pathComponent(String s, int from, int to) {
        int i = lowerAlnums(s, from, to);
        if (i == from) {
            return false;
        }
        while (i < to) {
            char c = s.charAt(i);
            if (c == '.') {
                i++;
            } else if (c == '_') {
                i += i + 1 < to && s.charAt(i + 1) == '_' ? 2 : 1;
            } else if (c == '-') {
                while (i < to && s.charAt(i) == '-') {
                    i++;
                }
            } else {
                return false;
            }
            int after = lowerAlnums(s, i, to);
            if (after == i) {
                return false;
            }
            i = after;
        }
        return true;
    }

    private static int lowerAlnums(String s, int i, int to) {
        while (i < to && (isLower(s.charAt(i)) || isDigit(s.charAt(i)))) {
            i++;
        }
        return i;
    }

    /** {@code (domain-component ("." domain-component)* | "[" [a-fA-F0-9:]+ "]") (":" [0-9]+)?}. */
    static boolean registry(String s) {
        int hostEnd;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 2) {
                return false;
            }
            for (int i = 1; i < close; i++) {
                char c = s.charAt(i);
                if (!isHex(c) && c != ':') {
                    return false;
                }
            }
            hostEnd = close + 1;
        } else {
            int colon = s.indexOf(':');
            hostEnd = colon < 0 ? s.length() : colon;
            int start = 0;
            while (true) {
                int dot = s.indexOf('.', start);
                int end = dot < 0 || dot > hostEnd ? hostEnd : dot;
                if (!domainComponent(s, start, end)) {
                    return false;
                }
                if (end == hostEnd) {
                    break;
                }
                start = end + 1;
            }
        }
        if (hostEnd == s.length()) {
            return true;
        }
        if (s.charAt(hostEnd) != ':' || hostEnd + 1 == s.length()) {
            return false;
        }
        for (int i = hostEnd + 1; i < s.length(); i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]} over {@code s[from, to)}. */
    private static boolean domainComponent(String s, int from, int to) {
        if (to <= from || !isAlnum(s.charAt(from)) || !isAlnum(s.charAt(to - 1))) {
            return false;
        }
        for (int i = from + 1; i < to - 1; i++) {
            char c = s.charAt(i);
            if (!isAlnum(c) && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** {@code [\w][\w.-]{0,127}}: a tag. */
    static boolean tag(String s) {
        return s.length() <= 128 && tagCharacters(s);
    }

    /** {@code [\w][\w.-]*}: a tag but for its length. */
    static boolean tagCharacters(String s) {
        if (s.isEmpty() || !isWord(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isWord(c) && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** {@code [A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)* ":" [0-9a-fA-F]{32,}}: a digest of any algorithm. */
    static boolean digest(String s) {
        int colon = s.indexOf(':');
        if (colon < 0 || s.length() - colon - 1 < 32) {
            return false;
        }
        int i = 0;
        while (true) {
            if (i >= colon || !isLetter(s.charAt(i))) {
                return false;
            }
            i++;
            while (i < colon && isAlnum(s.charAt(i))) {
                i++;
            }
            if (i == colon) {
                break;
            }
            if ("-_+.".indexOf(s.charAt(i)) < 0) {
                return false;
            }
            i++;
        }
        for (int j = colon + 1; j < s.length(); j++) {
            if (!isHex(s.charAt(j))) {
                return false;
            }
        }
        return true;
    }

    /** {@code [a-f0-9]{length}}: an image ID (64) or a digest's hex of a known algorithm. */
    static boolean lowerHex(String s, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (!isDigit(c) && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isLetter(char c) {
        return isLower(c) || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlnum(char c) {
        return isLetter(c) || isDigit(c);
    }

    private static boolean isWord(char c) {
        return isAlnum(c) || c == '_';
    }

    private static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
