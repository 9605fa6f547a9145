package io.jbuild.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.grammar.source.SourceRange;
import java.util.List;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.junit.jupiter.api.Test;

/** LSP positions (UTF-16, any line break) against the grammar's (1-based, '\n' only, BOM not counted). */
class LineMapTest {

    @Test
    void lspLinesEndAtEveryKindOfBreakAndCountUtf16Units() {
        LineMap m = LineMap.of("a😀b\r\nc\rd\n");
        assertThat(m.lineCount()).isEqualTo(4);
        assertThat(m.offset(new Position(0, 3))).isEqualTo(3); // after the emoji's two units
        assertThat(m.offset(new Position(0, 99))).isEqualTo(4); // clamped before "\r\n"
        assertThat(m.offset(new Position(2, 0))).isEqualTo(8); // after the lone '\r'
        assertThat(m.offset(new Position(9, 0))).isEqualTo(10);
        assertThat(m.position(8)).isEqualTo(new Position(2, 0));
        assertThat(m.line(0)).isEqualTo("a😀b");
    }

    @Test
    void grammarPositionsSkipTheBomAndOnlyBreakAtNewline() {
        LineMap m = LineMap.of("\uFEFFFROM x\rRUN y\nCMD z");
        // the grammar's line 1 holds "FROM x\rRUN y" (BuildKit does not break at a lone '\r'); LSP's line 1 is "RUN y"
        assertThat(m.range(SourceRange.of(1, 8, 1, 11))).isEqualTo(new Range(new Position(1, 0), new Position(1, 3)));
        assertThat(m.range(SourceRange.of(1, 1, 1, 5))).isEqualTo(new Range(new Position(0, 1), new Position(0, 5)));
        assertThat(m.range(SourceRange.of(2, 1, 2, 4))).isEqualTo(new Range(new Position(2, 0), new Position(2, 3)));
        assertThat(m.grammarPosition(0)).isEqualTo(new io.jbuild.grammar.source.Position(1, 1));
    }

    @Test
    void withoutCarriageReturnsTheLinesAreTheSameForBoth() {
        LineMap m = LineMap.of("\uFEFFFROM x\n\nRUN 😀y\n");
        assertThat(m.lineCount()).isEqualTo(4);
        assertThat(m.range(SourceRange.of(1, 1, 1, 5))).isEqualTo(new Range(new Position(0, 1), new Position(0, 5)));
        assertThat(m.range(SourceRange.of(3, 5, 3, 8))).isEqualTo(new Range(new Position(2, 4), new Position(2, 7)));
        assertThat(m.grammarPosition(0)).isEqualTo(new io.jbuild.grammar.source.Position(1, 1));
        assertThat(m.grammarPosition(8)).isEqualTo(new io.jbuild.grammar.source.Position(2, 1));
        assertThat(m.grammarPosition(10)).isEqualTo(new io.jbuild.grammar.source.Position(3, 2));
        assertThat(m.position(10)).isEqualTo(new Position(2, 1));
        assertThat(m.line(2)).isEqualTo("RUN 😀y");
        assertThat(m.offset(new Position(3, 0))).isEqualTo(17);
    }

    @Test
    void rangedEditsApplyInOrderOnTheTextTheEarlierOnesLeft() {
        TextDocument d = new TextDocument("u", 1, "é😀\r\nx");
        TextDocument after = d.apply(2, List.of(
                new TextDocumentContentChangeEvent(new Range(new Position(0, 1), new Position(0, 3)), "ab"),
                new TextDocumentContentChangeEvent(new Range(new Position(1, 0), new Position(1, 1)), "y\nz"),
                new TextDocumentContentChangeEvent(new Range(new Position(0, 0), new Position(0, 1)), "")));
        assertThat(after.text()).isEqualTo("ab\r\ny\nz");
        assertThat(after.version()).isEqualTo(2);
        assertThat(after.apply(3, List.of(new TextDocumentContentChangeEvent("whole"))).text()).isEqualTo("whole");
    }
}
