package io.jbuild.grammar.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The header read without the lexer (flags without quotes or escapes) is the one the lexer reads. */
class InstructionHeaderTest {

    private static final String[] PIECES = {"RUN", "copy", "FROM", " ", "  ", "\t", "\u000B", "\f", "\r", "\n", "-", "--",
        "--from=build", "-x", "a", "b=c", "\"", "'", "\\", "`", "é", "\u00a0", "\uD83D\uDE00", "\uD800", "\u0085", "$", "[",
        "]", "--\t", "<<EOF", "--mount=type=cache,target=/x", "--a=`b", "--x='y z'", "--y=\"\\\"\"", "--z=a\\ b"};

    @Test
    void withoutQuotesOrEscapesItIsWhatTheLexerReads() throws InstructionHeader.HeaderException {
        Random random = new Random(11);
        int plain = 0;
        int flagged = 0;
        for (int round = 0; round < 20000; round++) {
            StringBuilder b = new StringBuilder();
            int n = 1 + random.nextInt(8);
            for (int i = 0; i < n; i++) {
                b.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String text = b.toString().strip();
            if (text.isEmpty()) {
                continue;
            }
            char escape = round % 2 == 0 ? '\\' : '`';
            InstructionHeader fast = InstructionHeader.plain(text, escape);
            if (fast != null) {
                plain++;
                flagged += fast.flags().isEmpty() ? 0 : 1;
                assertThat(fast).as("%s", text).isEqualTo(InstructionHeader.lexed(text, escape));
            }
        }
        assertThat(plain).isGreaterThan(5000);
        assertThat(flagged).isGreaterThan(500);
    }

    @Test
    void aQuoteAnEscapeOrAnEndOfFlagsGoesToTheLexer() throws InstructionHeader.HeaderException {
        assertThat(InstructionHeader.plain("COPY --from=build /a /b", '\\')).isEqualTo(
                InstructionHeader.lexed("COPY --from=build /a /b", '\\'));
        assertThat(InstructionHeader.plain("RUN --mount=\"type=cache\" ls", '\\')).isNull();
        assertThat(InstructionHeader.plain("RUN --mount=a\\ b ls", '\\')).isNull();
        assertThat(InstructionHeader.plain("RUN --mount=a\\ b ls", '`')).isNotNull();
        assertThat(InstructionHeader.plain("RUN -- ls", '\\')).isNull();
        assertThat(InstructionHeader.plain("RUN \uD83D\uDE00", '\\')).isNull(); // offsets in code points
        InstructionHeader h = InstructionHeader.parse("RUN  --a=1\t--b -x --y", '\\');
        assertThat(h.keyword()).isEqualTo(new InstructionHeader.Part("RUN", 0, 3));
        assertThat(h.flags()).containsExactly(new InstructionHeader.FlagPart("--a=1", "--a=1", 5, 10),
                new InstructionHeader.FlagPart("--b", "--b", 11, 14));
        assertThat(h.arguments()).isEqualTo(new InstructionHeader.Part("-x --y", 15, 21));
    }
}
