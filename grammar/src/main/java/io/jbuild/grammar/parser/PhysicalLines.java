package io.jbuild.grammar.parser;

import java.util.ArrayList;
import java.util.List;

/** The file cut into lines, each keeping its line ending (heredoc bodies need them verbatim). */
final class PhysicalLines {

    private final List<String> lines;

    private PhysicalLines(List<String> lines) {
        this.lines = lines;
    }

    static PhysicalLines of(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        // (indexOf, not a loop over the chars: a cold process ran that loop interpreted)
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
            lines.add(text.substring(start, i + 1));
            start = i + 1;
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return new PhysicalLines(lines);
    }

    int size() {
        return lines.size();
    }

    /** Line {@code index} (0-based) with its ending. */
    String raw(int index) {
        return lines.get(index);
    }

    /** Line {@code index} (0-based) without trailing CR and LF characters. */
    String content(int index) {
        return trimNewline(lines.get(index));
    }

    static String trimNewline(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }

    /** True when the line, ignoring leading white space, starts with {@code #}. */
    static boolean isComment(String line) {
        int i = Spaces.skipUnicodeSpace(line, 0);
        return i < line.length() && line.charAt(i) == '#';
    }
}
