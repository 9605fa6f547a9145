package io.jbuild.grammar.lint;

import io.jbuild.grammar.source.Position;
import io.jbuild.grammar.source.SourceRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Replace the text in {@code range} (end exclusive) with {@code newText}; an empty range inserts. */
public record TextEdit(SourceRange range, String newText) {

    public TextEdit {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(newText, "newText");
    }

    public static TextEdit insert(Position at, String text) {
        return new TextEdit(new SourceRange(at, at), text);
    }

    public static TextEdit delete(SourceRange range) {
        return new TextEdit(range, "");
    }

    /**
     * {@code text} with the edits applied. Edits must not overlap; they are applied from the last to the
     * first so that earlier positions stay valid. Positions use the same lines and columns as the linter.
     */
    public static String apply(String text, List<TextEdit> edits) {
        boolean bom = text.startsWith("\uFEFF");
        String body = bom ? text.substring(1) : text;
        List<Integer> lineStarts = new ArrayList<>();
        lineStarts.add(0);
        for (int i = 0; i < body.length(); i++) {
            if (body.charAt(i) == '\n') {
                lineStarts.add(i + 1);
            }
        }
        List<TextEdit> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparing((TextEdit e) -> e.range().start()).reversed());
        StringBuilder out = new StringBuilder(body);
        for (TextEdit e : sorted) {
            int from = offset(body, lineStarts, e.range().start());
            int to = offset(body, lineStarts, e.range().end());
            out.replace(from, Math.max(from, to), e.newText());
        }
        return bom ? "\uFEFF" + out : out.toString();
    }

    private static int offset(String body, List<Integer> lineStarts, Position p) {
        if (p.line() > lineStarts.size()) {
            return body.length();
        }
        int start = lineStarts.get(p.line() - 1);
        int lineEnd = p.line() < lineStarts.size() ? lineStarts.get(p.line()) - 1 : body.length();
        if (lineEnd > start && body.charAt(lineEnd - 1) == '\r') {
            lineEnd--;
        }
        return Math.min(start + p.column() - 1, Math.max(start, lineEnd));
    }
}
