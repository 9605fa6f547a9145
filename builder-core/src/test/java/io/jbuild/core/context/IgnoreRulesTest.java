package io.jbuild.core.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Table-driven: {@code testdata/context/dockerignore-cases.json}, one test per case. */
class IgnoreRulesTest {

    static Path testdata() {
        String dir = System.getProperty("jbuild.testdata.dir");
        return dir != null ? Path.of(dir) : Path.of("../testdata").toAbsolutePath().normalize();
    }

    @TestFactory
    Stream<DynamicTest> cases() throws IOException {
        JsonNode root = new ObjectMapper().readTree(testdata().resolve("context/dockerignore-cases.json").toFile());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> check(c)));
        }
        assertThat(tests).hasSizeGreaterThan(40);
        return tests.stream();
    }

    private static void check(JsonNode c) throws ContextException {
        if (c.has("error")) {
            assertThatThrownBy(() -> rules(c)).isInstanceOf(ContextException.class)
                    .hasMessageContaining(c.get("error").asText());
            return;
        }
        IgnoreRules rules = rules(c);
        for (JsonNode p : c.path("excluded")) {
            assertThat(rules.excludes(p.asText())).as("%s excludes %s", rules, p.asText()).isTrue();
            assertThat(incremental(rules, p.asText())).as("walk: %s excludes %s", rules, p.asText()).isTrue();
        }
        for (JsonNode p : c.path("included")) {
            assertThat(rules.excludes(p.asText())).as("%s includes %s", rules, p.asText()).isFalse();
            assertThat(incremental(rules, p.asText())).as("walk: %s includes %s", rules, p.asText()).isFalse();
        }
    }

    private static IgnoreRules rules(JsonNode c) throws ContextException {
        if (c.has("dockerignore")) {
            return DockerIgnore.parse(c.get("dockerignore").asText().getBytes(StandardCharsets.UTF_8),
                    ".dockerignore");
        }
        List<String> patterns = new ArrayList<>();
        c.get("patterns").forEach(p -> patterns.add(p.asText()));
        return IgnoreRules.of(patterns);
    }

    /** The walk's way: match each parent directory in turn, passing its state down (MatchesUsingParentResults). */
    private static boolean incremental(IgnoreRules rules, String path) {
        IgnoreRules.MatchState state = rules.rootState();
        ContextPath current = ContextPath.ROOT;
        IgnoreRules.Match m = null;
        for (byte[] segment : ContextPath.of(path).segments()) {
            current = current.resolve(segment);
            m = rules.match(current, state);
            state = m.state();
        }
        return m != null && m.excluded();
    }

    @Test
    void nonUtf8PatternsAndNames() throws ContextException {
        byte[] file = {'a', (byte) 0xFF, 'b', '\n', 'x', '?', 'y', '\n'};
        IgnoreRules rules = DockerIgnore.parse(file, ".dockerignore");
        assertThat(rules.match(ContextPath.ofBytes(new byte[] {'a', (byte) 0xFF, 'b'}), rules.rootState()).excluded())
                .as("exact match compares bytes").isTrue();
        assertThat(rules.match(ContextPath.ofBytes(new byte[] {'a', (byte) 0xFE, 'b'}), rules.rootState()).excluded())
                .isFalse();
        // '?' is one rune; an invalid byte counts as one (Go's regexp reads it as U+FFFD).
        assertThat(rules.match(ContextPath.ofBytes(new byte[] {'x', (byte) 0xFF, 'y'}), rules.rootState()).excluded())
                .isTrue();
        assertThat(rules.match(ContextPath.of("xéy"), rules.rootState()).excluded()).isTrue();
        assertThat(rules.match(ContextPath.of("xy"), rules.rootState()).excluded()).isFalse();
    }

    @Test
    void patternsAreReportedCleaned() throws ContextException {
        IgnoreRules rules = DockerIgnore.parse("/a/../b/\n! ./keep//x\n#c\n".getBytes(StandardCharsets.UTF_8),
                ".dockerignore");
        assertThat(rules.patterns()).containsExactly("b", "!keep/x");
        assertThat(IgnoreRules.NONE.isEmpty()).isTrue();
    }

    @Test
    void excludedDirectoriesAreSkippedOnlyWhenNoExceptionCanReachInside() throws ContextException {
        IgnoreRules plain = IgnoreRules.of(List.of("dir", "!other/keep"));
        assertThat(plain.canSkipExcludedDir(ContextPath.of("dir"))).isTrue();
        assertThat(plain.canSkipExcludedDir(ContextPath.of("other"))).isFalse();
        assertThat(IgnoreRules.of(List.of("dir")).canSkipExcludedDir(ContextPath.of("dir"))).isTrue();
        assertThat(IgnoreRules.of(List.of("dir", "!dir/keep/**")).canSkipExcludedDir(ContextPath.of("dir/keep")))
                .isFalse();
        // An exception with a wildcard could match anywhere: fsutil then walks every excluded directory.
        assertThat(IgnoreRules.of(List.of("dir", "!*.md")).canSkipExcludedDir(ContextPath.of("dir"))).isFalse();
    }
}
