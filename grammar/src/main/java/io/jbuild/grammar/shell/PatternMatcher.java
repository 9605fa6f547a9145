package io.jbuild.grammar.shell;

import java.util.HashMap;
import java.util.Map;

/**
 * Matches one {@link ShellPattern} against one text with Go's leftmost-first semantics: among the ways a match
 * can go, the one a backtracking matcher would try first wins, a greedy star trying its longest run first and a
 * lazy star its shortest.
 *
 * <p>That search is done without the exponential cost of plain backtracking: between two stars the pattern is a
 * fixed-length segment, so the only choices are where each star stops. When every choice for star {@code k}
 * entered at position {@code t} has failed, so will every later entry of that star on the same line from
 * {@code t} on (it has the same choices or fewer), and an earlier entry only needs to try the positions before
 * {@code t}. Remembering the lowest failed entry per star and line means every text position is tried at most
 * once per star, over all searches on the text: the work is O(text length x pattern length).
 */
final class PatternMatcher {

    private final int[][] segments;
    private final int stars;
    private final boolean greedy;
    private final int[] text;
    /** For each position, the first newline at or after it (or the text length): a star cannot run past it. */
    private final int[] lineEnd;
    /** (star, line) to the lowest position from which that star is known not to lead to a match. */
    private final Map<Long, Integer> deadFrom = new HashMap<>();
    // The choice stack of the search, one frame per star (index 0 unused): entered where, and which stops remain.
    private final int[] entered;
    private final int[] nextStop;
    private final int[] lowStop;
    private final int[] highStop;

    PatternMatcher(ShellPattern pattern, int[] text) {
        this.segments = pattern.segments();
        this.stars = segments.length - 1;
        this.greedy = pattern.greedy();
        this.text = text;
        this.lineEnd = stars == 0 ? null : lineEnds(text);
        this.entered = new int[stars + 1];
        this.nextStop = new int[stars + 1];
        this.lowStop = new int[stars + 1];
        this.highStop = new int[stars + 1];
    }

    private static int[] lineEnds(int[] text) {
        int[] ends = new int[text.length + 1];
        ends[text.length] = text.length;
        for (int i = text.length - 1; i >= 0; i--) {
            ends[i] = text[i] == '\n' ? i : ends[i + 1];
        }
        return ends;
    }

    /** The leftmost match starting at or after {@code from}, as {@code {start, end}}, or null. */
    int[] find(int from) {
        for (int start = from; start <= text.length; start++) {
            int end = matchAt(start);
            if (end >= 0) {
                return new int[] {start, end};
            }
        }
        return null;
    }

    /** Where the preferred match starting exactly at {@code start} ends, or -1 when none starts there. */
    int matchAt(int start) {
        if (!segmentAt(0, start)) {
            return -1;
        }
        int afterFirst = start + segments[0].length;
        if (stars == 0) {
            return afterFirst;
        }
        int star = 1;
        if (!enter(star, afterFirst)) {
            return -1;
        }
        while (true) {
            int stop = takeStop(star);
            if (stop < 0) {
                markDead(star, entered[star]);
                if (--star == 0) {
                    return -1;
                }
                continue;
            }
            if (!segmentAt(star, stop)) {
                continue;
            }
            int after = stop + segments[star].length;
            if (star == stars) {
                return after;
            }
            if (enter(star + 1, after)) {
                star++;
            }
        }
    }

    /** Sets up the choices of {@code star} entered at {@code at}; false when they are already known to fail. */
    private boolean enter(int star, int at) {
        int end = lineEnd[at];
        Integer dead = deadFrom.get(key(star, end));
        if (dead != null && dead <= at) {
            return false;
        }
        entered[star] = at;
        lowStop[star] = at;
        highStop[star] = dead == null ? end : dead - 1;
        nextStop[star] = greedy ? highStop[star] : at;
        return true;
    }

    /** The next place {@code star} may stop, in preference order, or -1 when all were tried. */
    private int takeStop(int star) {
        if (greedy) {
            return nextStop[star] >= lowStop[star] ? nextStop[star]-- : -1;
        }
        return nextStop[star] <= highStop[star] ? nextStop[star]++ : -1;
    }

    private void markDead(int star, int at) {
        deadFrom.merge(key(star, lineEnd[at]), at, Math::min);
    }

    private static long key(int star, int lineEnd) {
        return ((long) star << 32) | lineEnd;
    }

    private boolean segmentAt(int index, int at) {
        int[] segment = segments[index];
        if (at + segment.length > text.length) {
            return false;
        }
        for (int i = 0; i < segment.length; i++) {
            int want = segment[i];
            int got = text[at + i];
            if (want == ShellPattern.ANY ? got == '\n' : got != want) {
                return false;
            }
        }
        return true;
    }
}
