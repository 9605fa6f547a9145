package io.jbuild.cli.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.grammar.source.SourceRange;
import org.junit.jupiter.api.Test;

class SourceExcerptTest {

    private static final String TEXT = "FROM a\nRUN one\nRUN two \\\n  three\nENV x=1\nLABEL y=2\nCMD z\n";

    @Test
    void oneLineGetsTwoLinesAround() {
        assertThat(SourceExcerpt.render("Dockerfile", TEXT, SourceRange.of(5, 1, 5, 8))).isEqualTo("""
                Dockerfile:5
                --------------------
                   3 |     RUN two \\
                   4 |       three
                   5 | >>> ENV x=1
                   6 |     LABEL y=2
                   7 |     CMD z
                --------------------
                """);
    }

    @Test
    void aContinuedInstructionIsMarkedWholeWithOneLineAround() {
        assertThat(SourceExcerpt.render("Dockerfile", TEXT, SourceRange.of(3, 1, 5, 1))).isEqualTo("""
                Dockerfile:3
                --------------------
                   2 |     RUN one
                   3 | >>> RUN two \\
                   4 | >>>   three
                   5 |     ENV x=1
                --------------------
                """);
    }

    @Test
    void theFirstLineAndLinesOutsideTheText() {
        assertThat(SourceExcerpt.render("df", "FROM a\r\nRUN b\r\n", SourceRange.lines(1, 1))).isEqualTo("""
                df:1
                --------------------
                   1 | >>> FROM a
                   2 |     RUN b
                   3 |    \s
                --------------------
                """);
        assertThat(SourceExcerpt.render("df", "FROM a\n", SourceRange.lines(9, 9))).isEmpty();
    }
}
