package io.jbuild.grammar.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The header read without the lexer (an instruction without flags) is the one the lexer reads. */
class InstructionHeaderTest {

    private static final String[] PIECES = {"RUN", "copy", "FROM", " ", "  ", "\t", "\u000B", "\f", "\r", "\n", "-", "--",
        "--from=build", "-x", "a", "b=c", "\"", "'", "\\", "`", "é", "\u00a0", "\uD83D\uDE00", "\uD800", "\u0085", "$", "[",
        "]", "--\t", "<<EOF"};

    @Test
    void withoutFlagsItIsWhatTheLexerReads() throws InstructionHeader.HeaderException {
        Random random = new Random(11);
        int plain = 0;
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
            InstructionHeader fast = InstructionHeader.withoutFlags(text);
            if (fast != null) {
                plain++;
                char escape = round % 2 == 0 ? '\\' : '`';
                assertThat(fast).as("%s", text).isEqualTo(InstructionHeader.lexed(text, escape));
            }
        }
        assertThat(plain).isGreaterThan(5000);
    }

    @Test
    void aFlagOrAnEndOfFlagsGoesToTheLexer() throws InstructionHeader.HeaderException {
        assertThat(InstructionHeader.withoutFlags("COPY --from=build /a /b")).isNull();
        assertThat(InstructionHeader.withoutFlags("RUN -- ls")).isNull();
        assertThat(InstructionHeader.withoutFlags("RUN \uD83D\uDE00")).isNull(); // offsets in code points
        InstructionHeader h = InstructionHeader.parse("RUN  -x --y", '\\');
        assertThat(h.keyword()).isEqualTo(new InstructionHeader.Part("RUN", 0, 3));
        assertThat(h.flags()).isEmpty();
        assertThat(h.arguments()).isEqualTo(new InstructionHeader.Part("-x --y", 5, 11));
    }
}
