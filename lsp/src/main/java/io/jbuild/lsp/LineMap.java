package io.jbuild.lsp;

import io.jbuild.grammar.source.SourceRange;
import java.util.Arrays;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * Offsets in a document's text and the two ways of naming them: LSP positions (0-based lines ended by {@code \n},
 * {@code \r\n} or {@code \r}; 0-based characters in UTF-16 units, as Java's {@code String} counts them) and the
 * grammar's positions (1-based lines ended by {@code \n} alone, as BuildKit splits them; 1-based columns in UTF-16
 * units, a leading BOM not counted). Positions past a line's end or the text's end are clamped, as LSP asks.
 */
final class LineMap {

    private final String text;
    private final int[] lspStarts;
    private final int[] grammarStarts;
    private final int bom;

    private LineMap(String text) {
        this.text = text;
        this.bom = text.startsWith("\uFEFF") ? 1 : 0;
        int[] lsp = new int[16];
        int[] grammar = new int[16];
        int nl = 1;
        int ng = 1;
        lsp[0] = 0;
        grammar[0] = bom;
        if (text.indexOf('\r') < 0) {
            // the usual text: both kinds of line end at each \n, found by indexOf (a cold process ran the loop
            // below interpreted, for the first diagnostics)
            for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
                if (nl == lsp.length) {
                    lsp = Arrays.copyOf(lsp, nl * 2);
                }
                lsp[nl++] = i + 1;
            }
            this.lspStarts = Arrays.copyOf(lsp, nl);
            this.grammarStarts = lspStarts.clone();
            if (bom == 1) {
                grammarStarts[0] = bom;
            }
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                if (nl == lsp.length) {
                    lsp = Arrays.copyOf(lsp, nl * 2);
                }
                lsp[nl++] = i + 1;
            }
            if (c == '\n') {
                if (ng == grammar.length) {
                    grammar = Arrays.copyOf(grammar, ng * 2);
                }
                grammar[ng++] = i + 1;
            }
        }
        this.lspStarts = Arrays.copyOf(lsp, nl);
        this.grammarStarts = Arrays.copyOf(grammar, ng);
    }

    static LineMap of(String text) {
        return new LineMap(text);
    }

    String text() {
        return text;
    }

    int lineCount() {
        return lspStarts.length;
    }

    /** Where LSP line {@code line} starts. */
    int lineStart(int line) {
        return line < 0 ? 0 : line >= lspStarts.length ? text.length() : lspStarts[line];
    }

    /** Where LSP line {@code line}'s content ends (before its line break). */
    int lineEnd(int line) {
        if (line < 0) {
            return 0;
        }
        if (line >= lspStarts.length) {
            return text.length();
        }
        int end = line + 1 < lspStarts.length ? lspStarts[line + 1] : text.length();
        while (end > lspStarts[line] && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return end;
    }

    /** LSP line {@code line} without its line break. */
    String line(int line) {
        return text.substring(lineStart(line), lineEnd(line));
    }

    int offset(Position p) {
        if (p.getLine() < 0) {
            return 0;
        }
        if (p.getLine() >= lspStarts.length) {
            return text.length();
        }
        int start = lspStarts[p.getLine()];
        return start + Math.max(0, Math.min(p.getCharacter(), lineEnd(p.getLine()) - start));
    }

    Position position(int offset) {
        int o = Math.max(0, Math.min(offset, text.length()));
        int line = lineIndex(lspStarts, o);
        return new Position(line, o - lspStarts[line]);
    }

    Range range(int from, int to) {
        return new Range(position(from), position(to));
    }

    /** The offset of a grammar position. */
    int offset(io.jbuild.grammar.source.Position p) {
        int line = p.line() - 1;
        if (line >= grammarStarts.length) {
            return text.length();
        }
        int start = grammarStarts[line];
        int end = line + 1 < grammarStarts.length ? grammarStarts[line + 1] - 1 : text.length();
        while (end > start && text.charAt(end - 1) == '\r') {
            end--;
        }
        return start + Math.min(p.column() - 1, end - start);
    }

    /** The grammar's position of an offset. */
    io.jbuild.grammar.source.Position grammarPosition(int offset) {
        int o = Math.max(bom, Math.min(offset, text.length()));
        int line = lineIndex(grammarStarts, o);
        return new io.jbuild.grammar.source.Position(line + 1, o - grammarStarts[line] + 1);
    }

    Range range(SourceRange r) {
        return range(offset(r.start()), offset(r.end()));
    }

    private static int lineIndex(int[] starts, int offset) {
        int i = Arrays.binarySearch(starts, offset);
        if (i < 0) {
            i = -i - 2;
        }
        // equal starts cannot happen: each line break ends exactly one line
        return Math.max(0, i);
    }
}
