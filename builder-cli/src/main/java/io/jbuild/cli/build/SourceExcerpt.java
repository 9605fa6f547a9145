package io.jbuild.cli.build;

import io.jbuild.grammar.source.SourceRange;
import java.util.List;
import java.util.Locale;

/**
 * The lines of a Dockerfile around a problem, as BuildKit prints them under a failed build: a header naming the
 * file and line, then the lines numbered, the problem's marked {@code >>>}, two lines of context either side of a
 * one-line problem and one either side of a longer one.
 */
final class SourceExcerpt {

    private static final String RULE = "--------------------";

    private SourceExcerpt() {
    }

    /**
     * @param name  the file's name for the header
     * @param text  the file's content
     * @param range where the problem is (its end is exclusive; an end at column 1 ends on the line before)
     * @return the excerpt, each line ended by a newline; empty if the range is outside the text
     */
    static String render(String name, String text, SourceRange range) {
        List<String> lines = List.of(text.split("\n", -1));
        int first = range.start().line();
        int last = range.end().column() <= 1 && range.end().line() > first ? range.end().line() - 1 : range.end().line();
        if (first < 1 || first > lines.size()) {
            return "";
        }
        last = Math.max(first, Math.min(last, lines.size()));
        int context = first == last ? 2 : 1;
        int from = Math.max(1, first - context);
        int to = Math.min(lines.size(), last + context);
        StringBuilder b = new StringBuilder();
        b.append(name).append(':').append(first).append('\n').append(RULE).append('\n');
        for (int i = from; i <= to; i++) {
            String marker = i >= first && i <= last ? ">>>" : "   ";
            String line = lines.get(i - 1);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            b.append(String.format(Locale.ROOT, " %3d | %s %s\n", i, marker, line));
        }
        return b.append(RULE).append('\n').toString();
    }
}
