package io.jbuild.grammar.lint;

import io.jbuild.grammar.source.Position;
import java.util.ArrayList;
import java.util.List;

/**
 * The linted file's lines, so that rules can point at a word inside an instruction rather than at the whole
 * instruction. Lines and columns are those of the parser: 1-based, columns in UTF-16 units, BOM not counted.
 */
public final class SourceText {

    private final List<String> lines; // without line endings

    private SourceText(List<String> lines) {
        this.lines = lines;
    }

    public static SourceText of(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<String> lines = new ArrayList<>();
        int start = 0;
        // (indexOf, not a loop over the chars: a cold process ran that loop interpreted, once a file per context)
        for (int i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', start)) {
            lines.add(trimCr(t.substring(start, i)));
            start = i + 1;
        }
        if (start < t.length()) {
            lines.add(trimCr(t.substring(start)));
        }
        return new SourceText(List.copyOf(lines));
    }

    private static String trimCr(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '\r') {
            end--;
        }
        return s.substring(0, end);
    }

    public int lineCount() {
        return lines.size();
    }

    /** Line {@code n} (1-based) without its ending; empty past the end of the file. */
    public String line(int n) {
        return n >= 1 && n <= lines.size() ? lines.get(n - 1) : "";
    }

    /**
     * The logical line that starts at {@code start}: continuation lines joined the way the parser joins them
     * (escape character and line break removed, comment and blank lines inside the continuation skipped),
     * with every character mapped back to its place in the file.
     */
    public LogicalText logical(Position start, char escape) {
        LogicalText.Builder out = new LogicalText.Builder();
        int lineNo = start.line();
        String first = line(lineNo);
        int from = Math.min(first.length(), start.column() - 1);
        int cut = continuationCut(first, escape);
        out.append(lineNo, from, cut < 0 ? first.substring(from) : first.substring(from, Math.max(from, cut)));
        while (cut >= 0 && lineNo < lines.size()) {
            lineNo++;
            String next = line(lineNo);
            String trimmed = next.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            cut = continuationCut(next, escape);
            out.append(lineNo, 0, cut < 0 ? next : next.substring(0, cut));
        }
        return out.build();
    }

    /** Where a trailing escape (a continuation) starts, or -1; an escaped escape is not a continuation. */
    static int continuationCut(String line, char escape) {
        int i = line.length();
        while (i > 0 && (line.charAt(i - 1) == ' ' || line.charAt(i - 1) == '\t')) {
            i--;
        }
        if (i == 0 || line.charAt(i - 1) != escape) {
            return -1;
        }
        int at = i - 1;
        return at > 0 && line.charAt(at - 1) == escape ? -1 : at;
    }
}
