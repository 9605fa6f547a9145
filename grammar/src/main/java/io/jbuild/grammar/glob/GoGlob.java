package io.jbuild.grammar.glob;

import io.jbuild.grammar.gotext.GoText;
import java.util.Arrays;

/**
 * Go's {@code path/filepath.Match} on Unix, byte for byte: {@code *} (any run of non-'/' bytes), {@code ?} (one
 * rune, not '/'), {@code [...]} and {@code [^...]} classes of runes with ranges, {@code \} escapes. There is no
 * {@code **}: two stars are just two stars. BuildKit matches COPY/ADD source wildcards with it, and docker validates
 * each .dockerignore pattern with it. Like Go 1.16 and later, a malformed pattern is an error even when the name
 * fails to match before the bad part.
 */
public final class GoGlob {

    private GoGlob() {
    }

    /** The pattern is malformed (Go's {@code filepath.ErrBadPattern}). */
    public static final class BadPatternException extends Exception {
        public BadPatternException() {
            super("syntax error in pattern");
        }
    }

    /** Whether {@code name} matches {@code pattern}, both as the file system's bytes. */
    public static boolean match(byte[] pattern, byte[] name) throws BadPatternException {
        int p = 0;
        int n = 0;
        patternLoop:
        while (p < pattern.length) {
            boolean star = false;
            while (p < pattern.length && pattern[p] == '*') {
                p++;
                star = true;
            }
            int chunkEnd = scanChunk(pattern, p);
            if (star && chunkEnd == p) {
                // A trailing star matches the rest of the name unless it has a '/'.
                return indexOf(name, n, (byte) '/') < 0;
            }
            int rest = matchChunk(pattern, p, chunkEnd, name, n);
            if (rest >= 0 && (rest == name.length || chunkEnd < pattern.length)) {
                n = rest;
                p = chunkEnd;
                continue;
            }
            if (star) {
                for (int i = n; i < name.length && name[i] != '/'; i++) {
                    int t = matchChunk(pattern, p, chunkEnd, name, i + 1);
                    if (t >= 0) {
                        if (chunkEnd == pattern.length && t < name.length) {
                            continue;
                        }
                        n = t;
                        p = chunkEnd;
                        continue patternLoop;
                    }
                }
            }
            // No match: still report a malformed remainder, as Go does.
            p = chunkEnd;
            while (p < pattern.length) {
                while (p < pattern.length && pattern[p] == '*') {
                    p++;
                }
                int end = scanChunk(pattern, p);
                matchChunk(pattern, p, end, name, name.length);
                p = end;
            }
            return false;
        }
        return n == name.length;
    }

    /** The end of the chunk starting at {@code p}: up to the next '*' outside a class. */
    private static int scanChunk(byte[] pattern, int p) {
        boolean inRange = false;
        int i = p;
        for (; i < pattern.length; i++) {
            switch (pattern[i]) {
                case '\\' -> {
                    if (i + 1 < pattern.length) {
                        i++;
                    }
                }
                case '[' -> inRange = true;
                case ']' -> inRange = false;
                case '*' -> {
                    if (!inRange) {
                        return i;
                    }
                }
                default -> {
                }
            }
        }
        return i;
    }

    /**
     * Matches the chunk {@code pattern[p, end)} at {@code name[n...]}; returns the index after the match or -1. After a
     * mismatch it keeps parsing the chunk so that a malformed pattern is always reported.
     */
    private static int matchChunk(byte[] pattern, int p, int end, byte[] name, int n) throws BadPatternException {
        boolean failed = false;
        while (p < end) {
            failed = failed || n >= name.length;
            byte c = pattern[p];
            if (c == '[') {
                int r = -1;
                if (!failed) {
                    long d = GoText.decodeRune(name, n);
                    r = GoText.rune(d);
                    n += GoText.width(d);
                }
                p++;
                boolean negated = false;
                if (p < end && pattern[p] == '^') {
                    negated = true;
                    p++;
                }
                boolean matched = false;
                int ranges = 0;
                while (true) {
                    if (p < end && pattern[p] == ']' && ranges > 0) {
                        p++;
                        break;
                    }
                    long lo = classChar(pattern, p, end);
                    p = (int) (lo >>> 32);
                    long hi = lo;
                    if (p < end && pattern[p] == '-') {
                        hi = classChar(pattern, p + 1, end);
                        p = (int) (hi >>> 32);
                    }
                    matched = matched || ((int) lo <= r && r <= (int) hi);
                    ranges++;
                }
                failed = failed || matched == negated;
            } else if (c == '?') {
                if (!failed) {
                    failed = name[n] == '/';
                    n += GoText.width(GoText.decodeRune(name, n));
                }
                p++;
            } else {
                if (c == '\\') {
                    p++;
                    if (p >= end) {
                        throw new BadPatternException();
                    }
                }
                if (!failed) {
                    failed = pattern[p] != name[n];
                    n++;
                }
                p++;
            }
        }
        return failed ? -1 : n;
    }

    /** Go's {@code getEsc}: one possibly escaped rune of a class; returns {@code rune | nextIndex << 32}. */
    private static long classChar(byte[] pattern, int p, int end) throws BadPatternException {
        if (p >= end || pattern[p] == '-' || pattern[p] == ']') {
            throw new BadPatternException();
        }
        if (pattern[p] == '\\') {
            p++;
            if (p >= end) {
                throw new BadPatternException();
            }
        }
        long d = GoText.decodeRune(Arrays.copyOfRange(pattern, p, Math.min(end, p + 4)), 0);
        if (GoText.rune(d) == GoText.RUNE_ERROR && GoText.width(d) == 1) {
            throw new BadPatternException();
        }
        int next = p + GoText.width(d);
        if (next >= end) {
            throw new BadPatternException(); // a class must be closed
        }
        return (GoText.rune(d) & 0xFFFFFFFFL) | ((long) next << 32);
    }

    private static int indexOf(byte[] s, int from, byte b) {
        for (int i = from; i < s.length; i++) {
            if (s[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Whether a COPY source segment has wildcards (fsutil's {@code containsWildcards}: '\' hides the next byte). */
    public static boolean containsWildcards(byte[] segment) {
        for (int i = 0; i < segment.length; i++) {
            byte c = segment[i];
            if (c == '\\') {
                i++;
            } else if (c == '*' || c == '?' || c == '[') {
                return true;
            }
        }
        return false;
    }
}
