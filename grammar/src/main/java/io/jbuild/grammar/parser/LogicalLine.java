package io.jbuild.grammar.parser;

import io.jbuild.grammar.source.Position;
import io.jbuild.grammar.source.SourceRange;
import java.util.ArrayList;
import java.util.List;

/**
 * One instruction's text with its continuation lines joined, and the map from each character back to
 * the line and column it came from, so that errors in joined text still point into the file.
 */
final class LogicalLine {

    private final StringBuilder text = new StringBuilder();
    private final List<int[]> segments = new ArrayList<>(); // {logical offset, line, 0-based column}

    void append(int line, int column, String piece) {
        segments.add(new int[] {text.length(), line, column});
        text.append(piece);
    }

    String text() {
        return text.toString();
    }

    boolean isEmpty() {
        return text.length() == 0;
    }

    /** The source position of the character at {@code offset}; the end of the text maps past its last character. */
    Position positionAt(int offset) {
        if (segments.isEmpty()) {
            return new Position(1, 1);
        }
        int[] seg = segments.get(0);
        for (int[] s : segments) {
            if (s[0] > offset) {
                break;
            }
            seg = s;
        }
        return new Position(seg[1], seg[2] + (offset - seg[0]) + 1);
    }

    SourceRange rangeOf(int from, int to) {
        Position start = positionAt(from);
        Position end = to <= from ? start : positionAt(to - 1);
        return new SourceRange(start, to <= from ? start : new Position(end.line(), end.column() + 1));
    }
}
