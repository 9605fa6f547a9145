package io.jbuild.grammar.lint;

import io.jbuild.grammar.source.Position;
import io.jbuild.grammar.source.SourceRange;
import java.util.ArrayList;
import java.util.List;

/**
 * One instruction's text with continuations joined, and where each of its characters is in the file: the
 * bridge from an offset found in joined text (a word, a shell command) to a {@link SourceRange}.
 */
public final class LogicalText {

    private final String text;
    private final int[][] segments; // {offset in text, line, 0-based column}
    private final SourceRange pinnedRange; // non-null for text that is not in the file as such

    private LogicalText(String text, int[][] segments, SourceRange pinnedRange) {
        this.text = text;
        this.segments = segments;
        this.pinnedRange = pinnedRange;
    }

    /** A text that is not in the file as such (an exec-form argument, say): every range is {@code at}. */
    public static LogicalText detached(String text, SourceRange at) {
        return new LogicalText(text, new int[0][], at);
    }

    /** Text whose lines are the file's lines from {@code start} on, as in a heredoc body. */
    public static LogicalText verbatim(String text, Position start) {
        Builder b = new Builder();
        int line = start.line();
        int col = start.column() - 1;
        int from = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                b.append(line, col, text.substring(from, i + 1));
                line++;
                col = 0;
                from = i + 1;
            }
        }
        if (from < text.length()) {
            b.append(line, col, text.substring(from));
        }
        return b.build();
    }

    public String text() {
        return text;
    }

    /** The same text from {@code offset} on: offset 0 of the result is {@code offset} here. */
    public LogicalText from(int offset) {
        if (pinnedRange != null) {
            return new LogicalText(text.substring(Math.min(offset, text.length())), segments, pinnedRange);
        }
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < segments.length; i++) {
            int segStart = segments[i][0];
            int segEnd = i + 1 < segments.length ? segments[i + 1][0] : text.length();
            if (segEnd <= offset && i + 1 < segments.length) {
                continue;
            }
            int skip = Math.max(0, offset - segStart);
            out.add(new int[] {Math.max(0, segStart - offset), segments[i][1], segments[i][2] + skip});
        }
        return new LogicalText(text.substring(Math.min(offset, text.length())), out.toArray(new int[0][]), null);
    }

    /** The file position of the character at {@code offset}; the end of the text maps just past its last character. */
    public Position positionAt(int offset) {
        if (pinnedRange != null) {
            return offset >= text.length() && offset > 0 ? pinnedRange.end() : pinnedRange.start();
        }
        if (segments.length == 0) {
            return new Position(1, 1);
        }
        if (offset >= text.length() && text.length() > 0) {
            Position last = positionAt(text.length() - 1);
            return new Position(last.line(), last.column() + 1);
        }
        int[] seg = segments[0];
        for (int[] s : segments) {
            if (s[0] > offset) {
                break;
            }
            seg = s;
        }
        return new Position(seg[1], seg[2] + (offset - seg[0]) + 1);
    }

    /** The offset of the character at file position {@code p}, or -1 when the text does not cover it. */
    public int offsetOf(Position p) {
        for (int i = 0; i < segments.length; i++) {
            int[] seg = segments[i];
            int segEnd = i + 1 < segments.length ? segments[i + 1][0] : text.length();
            int col = p.column() - 1 - seg[2];
            if (seg[1] == p.line() && col >= 0 && seg[0] + col <= segEnd) {
                return seg[0] + col;
            }
        }
        return -1;
    }

    /** The file range of the characters {@code [from, to)}. */
    public SourceRange range(int from, int to) {
        if (pinnedRange != null) {
            return pinnedRange;
        }
        Position start = positionAt(from);
        if (to <= from) {
            return new SourceRange(start, start);
        }
        Position last = positionAt(to - 1);
        return new SourceRange(start, new Position(last.line(), last.column() + 1));
    }

    /**
     * Where {@code word} occurs as a whole word (bounded by white space, the ends, or the given delimiters) at or
     * after {@code from}; -1 when it does not.
     */
    public int indexOfWord(String word, int from, String delimiters) {
        if (word.isEmpty()) {
            return -1;
        }
        int i = Math.max(0, from);
        while ((i = text.indexOf(word, i)) >= 0) {
            boolean startOk = i == 0 || isBoundary(text.charAt(i - 1), delimiters);
            int end = i + word.length();
            boolean endOk = end == text.length() || isBoundary(text.charAt(end), delimiters);
            if (startOk && endOk) {
                return i;
            }
            i++;
        }
        return -1;
    }

    private static boolean isBoundary(char c, String delimiters) {
        return Character.isWhitespace(c) || delimiters.indexOf(c) >= 0;
    }

    /** Collects the pieces of a logical line. */
    static final class Builder {
        private final StringBuilder text = new StringBuilder();
        private final List<int[]> segments = new ArrayList<>();

        void append(int line, int column, String piece) {
            segments.add(new int[] {text.length(), line, column});
            text.append(piece);
        }

        LogicalText build() {
            return new LogicalText(text.toString(), segments.toArray(new int[0][]), null);
        }
    }
}
