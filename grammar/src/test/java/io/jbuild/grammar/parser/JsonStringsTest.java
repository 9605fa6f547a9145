package io.jbuild.grammar.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one hand-written JSON string writer: exact text (cache keys depend on it) and what the parser reads back. */
class JsonStringsTest {

    @Test
    void escapesQuotesBackslashesAndEveryControlCharacter() {
        assertThat(JsonStrings.quote("a\"b\\c\nd\te\rf\u0001g é"))
                .isEqualTo("\"a\\\"b\\\\c\\nd\\te\\u000df\\u0001g é\"");
        assertThat(JsonStrings.array(List.of("/data", "/x y"), ",")).isEqualTo("[\"/data\",\"/x y\"]");
        assertThat(JsonStrings.array(List.of("sh", "-c", "echo \"hi\""), ", "))
                .isEqualTo("[\"sh\", \"-c\", \"echo \\\"hi\\\"\"]");
        assertThat(JsonStrings.array(List.of(), ", ")).isEqualTo("[]");
    }

    @Test
    void theExecFormReaderReadsBackWhatIsWritten() throws Exception {
        List<String> words = List.of("a\"b", "c\\d", "line\nbreak", "tab\there", "cr\rnul\u0000", "ünï", "");
        assertThat(ExecFormJson.parse(JsonStrings.array(words, ", "))).isEqualTo(words);
    }
}
