package io.jbuild.grammar.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The exec form read without the grammar (plain strings only) is the one the grammar reads. */
class ExecFormJsonTest {

    private static final String[] PIECES = {"[", "]", "\"", "\"", ",", ", ", " ", "\t", "\n", "\r", "\u000B", "\f",
        "\u00a0", "sh", "-c", "echo hi", "é", "\uD83D\uDE00", "\uD800", "\\", "\\\"", "\\u0041", "\\n", "\u0001", "\u001F",
        "1", "-2", "true", "null", "{", "}", ":", "'", "/", "$HOME", "[]", "\"\"", "\"a\"", "[\"a\"]"};

    @Test
    void plainStringsAreWhatTheGrammarReads() throws ArgumentParsers.ArgumentException {
        Random random = new Random(7);
        int plain = 0;
        for (int round = 0; round < 20000; round++) {
            String text = round % 2 == 0 ? pieces(random, 1 + random.nextInt(10)) : array(random);
            List<String> fast = ExecFormJson.plain(text);
            if (fast != null) {
                plain++;
                assertThat(fast).as("%s", text).isEqualTo(ExecFormJson.grammar(text));
            }
        }
        assertThat(plain).isGreaterThan(2000);
    }

    private static String pieces(Random random, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return b.toString();
    }

    /** Mostly an array of strings, each made of random pieces, with random white space and now and then a piece. */
    private static String array(Random random) {
        String[] spaces = {"", " ", "\t", "\n", "\r", "  ", "\u000B", "\u00a0"};
        StringBuilder b = new StringBuilder(spaces[random.nextInt(spaces.length)]).append('[');
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            b.append(i > 0 ? "," : "").append(spaces[random.nextInt(spaces.length)]);
            b.append(random.nextInt(8) == 0 ? pieces(random, 1) : "\"" + pieces(random, random.nextInt(3)) + "\"");
            b.append(spaces[random.nextInt(spaces.length)]);
        }
        return b.append(']').append(spaces[random.nextInt(spaces.length)]).toString();
    }

    @Test
    void onlyPlainStringsAreReadWithoutTheGrammar() throws ArgumentParsers.ArgumentException {
        assertThat(ExecFormJson.plain(" [ \"cat\",\t\"/app/ready\" ]\n")).containsExactly("cat", "/app/ready");
        assertThat(ExecFormJson.plain("[]")).isEmpty();
        assertThat(ExecFormJson.plain("[\"\"]")).containsExactly("");
        assertThat(ExecFormJson.plain("[\"a\\\"b\"]")).isNull();
        assertThat(ExecFormJson.parse("[\"a\\\"b\"]")).containsExactly("a\"b");
        assertThat(ExecFormJson.plain("[\"a\",]")).isNull();
        assertThat(ExecFormJson.parse("[\"a\",]")).isNull(); // not JSON: the shell form
        assertThat(ExecFormJson.plain("[\"a\"] x")).isNull();
        assertThat(ExecFormJson.plain("[\"a\"]\u00a0")).isNull();
        assertThat(ExecFormJson.plain("[\"a\", 1]")).isNull();
        assertThatThrownBy(() -> ExecFormJson.parse("[\"a\", 1]")).isInstanceOf(ArgumentParsers.ArgumentException.class)
                .hasMessage(ExecFormJson.NOT_STRINGS);
        assertThat(ExecFormJson.plain("[\"\uD83D\uDE00\"]")).isNull();
        assertThat(ExecFormJson.parse("[\"\uD83D\uDE00\"]")).containsExactly("\uD83D\uDE00");
    }
}
