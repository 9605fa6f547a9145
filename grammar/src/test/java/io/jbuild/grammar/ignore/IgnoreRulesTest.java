package io.jbuild.grammar.ignore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.grammar.TestDirs;
import io.jbuild.grammar.gotext.GoText;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.Yaml;

/** Table-driven: {@code testdata/context/dockerignore-cases.json}, one test per case. */
class IgnoreRulesTest {

    @TestFactory
    Stream<DynamicTest> cases() throws IOException {
        Map<String, Object> root;
        // JSON is YAML: the module's test YAML reader reads the table, so grammar needs no JSON library.
        try (Reader in = Files.newBufferedReader(TestDirs.testdata().resolve("context/dockerignore-cases.json"),
                StandardCharsets.UTF_8)) {
            root = new Yaml().load(in);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Object c : (List<?>) root.get("cases")) {
            Map<?, ?> testCase = (Map<?, ?>) c;
            tests.add(DynamicTest.dynamicTest((String) testCase.get("name"), () -> check(testCase)));
        }
        assertThat(tests).hasSizeGreaterThan(40);
        return tests.stream();
    }

    private static void check(Map<?, ?> c) throws IgnoreSyntaxException {
        if (c.containsKey("error")) {
            assertThatThrownBy(() -> rules(c)).isInstanceOf(IgnoreSyntaxException.class)
                    .hasMessageContaining((String) c.get("error"));
            return;
        }
        IgnoreRules rules = rules(c);
        for (String p : strings(c, "excluded")) {
            assertThat(rules.excludes(p)).as("%s excludes %s", rules, p).isTrue();
            assertThat(incremental(rules, p)).as("walk: %s excludes %s", rules, p).isTrue();
        }
        for (String p : strings(c, "included")) {
            assertThat(rules.excludes(p)).as("%s includes %s", rules, p).isFalse();
            assertThat(incremental(rules, p)).as("walk: %s includes %s", rules, p).isFalse();
        }
    }

    private static List<String> strings(Map<?, ?> c, String key) {
        List<String> out = new ArrayList<>();
        if (c.get(key) instanceof List<?> values) {
            values.forEach(v -> out.add((String) v));
        }
        return out;
    }

    private static IgnoreRules rules(Map<?, ?> c) throws IgnoreSyntaxException {
        if (c.containsKey("dockerignore")) {
            return IgnoreFile.parse(((String) c.get("dockerignore")).getBytes(StandardCharsets.UTF_8),
                    ".dockerignore");
        }
        return IgnoreRules.of(strings(c, "patterns"));
    }

    /** The walk's way: match each parent directory in turn, passing its state down (MatchesUsingParentResults). */
    private static boolean incremental(IgnoreRules rules, String path) {
        IgnoreRules.MatchState state = rules.rootState();
        IgnoreRules.Match m = null;
        byte[] clean = relative(path);
        for (int k = 0; k <= clean.length; k++) {
            if (clean.length > 0 && (k == clean.length || clean[k] == '/')) {
                m = rules.match(Arrays.copyOf(clean, k), state);
                state = m.state();
            }
        }
        return m != null && m.excluded();
    }

    /** A path cleaned against the context root, as the walk names it ("" for the root). */
    private static byte[] relative(String path) {
        byte[] rooted = GoText.clean(GoText.concat(new byte[] {'/'}, GoText.utf8(path)));
        return Arrays.copyOfRange(rooted, 1, rooted.length);
    }

    @Test
    void nonUtf8PatternsAndNames() throws IgnoreSyntaxException {
        byte[] file = {'a', (byte) 0xFF, 'b', '\n', 'x', '?', 'y', '\n'};
        IgnoreRules rules = IgnoreFile.parse(file, ".dockerignore");
        assertThat(rules.match(new byte[] {'a', (byte) 0xFF, 'b'}, rules.rootState()).excluded())
                .as("exact match compares bytes").isTrue();
        assertThat(rules.match(new byte[] {'a', (byte) 0xFE, 'b'}, rules.rootState()).excluded())
                .isFalse();
        // '?' is one rune; an invalid byte counts as one (Go's regexp reads it as U+FFFD).
        assertThat(rules.match(new byte[] {'x', (byte) 0xFF, 'y'}, rules.rootState()).excluded())
                .isTrue();
        assertThat(rules.match(GoText.utf8("xéy"), rules.rootState()).excluded()).isTrue();
        assertThat(rules.match(GoText.utf8("xy"), rules.rootState()).excluded()).isFalse();
    }

    @Test
    void patternsAreReportedCleaned() throws IgnoreSyntaxException {
        IgnoreRules rules = IgnoreFile.parse("/a/../b/\n! ./keep//x\n#c\n".getBytes(StandardCharsets.UTF_8),
                ".dockerignore");
        assertThat(rules.patterns()).containsExactly("b", "!keep/x");
        assertThat(IgnoreRules.NONE.isEmpty()).isTrue();
    }

    @Test
    void excludedDirectoriesAreSkippedOnlyWhenNoExceptionCanReachInside() throws IgnoreSyntaxException {
        IgnoreRules plain = IgnoreRules.of(List.of("dir", "!other/keep"));
        assertThat(plain.canSkipExcludedDir(GoText.utf8("dir"))).isTrue();
        assertThat(plain.canSkipExcludedDir(GoText.utf8("other"))).isFalse();
        assertThat(IgnoreRules.of(List.of("dir")).canSkipExcludedDir(GoText.utf8("dir"))).isTrue();
        assertThat(IgnoreRules.of(List.of("dir", "!dir/keep/**")).canSkipExcludedDir(GoText.utf8("dir/keep")))
                .isFalse();
        // An exception with a wildcard could match anywhere: fsutil then walks every excluded directory.
        assertThat(IgnoreRules.of(List.of("dir", "!*.md")).canSkipExcludedDir(GoText.utf8("dir"))).isFalse();
        assertThat(plain.mayReincludeBelow("./other/")).isTrue();
        assertThat(plain.mayReincludeBelow("dir")).isFalse();
    }

    /** What the linter's CopyIgnoredFile asks: a COPY source, cleaned, the path or a parent matched. */
    @Test
    void matchesOrParentMatchesAsTheLinterAsks() throws IgnoreSyntaxException {
        IgnoreRules d = IgnoreFile.parse("# c\n/build\n**/*.log\ndocs/*.md\n".getBytes(StandardCharsets.UTF_8),
                ".dockerignore");
        assertThat(d.matchesOrParentMatches("build/x/y")).isTrue();
        assertThat(d.matchesOrParentMatches("a/b/c.log")).isTrue();
        assertThat(d.matchesOrParentMatches("c.log")).isTrue();
        assertThat(d.matchesOrParentMatches("docs/a.md")).isTrue();
        assertThat(d.matchesOrParentMatches("docs/x/a.md")).isFalse();
        assertThat(d.matchesOrParentMatches("src/main.go")).isFalse();
        assertThat(d.hasExceptions()).isFalse();
        assertThat(IgnoreRules.of(List.of("a", "!a/b")).hasExceptions()).isTrue();
        // The context itself, as "." or "/": a pattern for every name matches it, a narrower one does not.
        assertThat(IgnoreRules.of(List.of("*")).matchesOrParentMatches(".")).isTrue();
        assertThat(IgnoreRules.of(List.of("**/*")).matchesOrParentMatches(".")).isTrue();
        assertThat(IgnoreRules.of(List.of("*")).matchesOrParentMatches("/")).isTrue();
        assertThat(IgnoreRules.of(List.of("*.md")).matchesOrParentMatches(".")).isFalse();
        // Go's filepath.Dir of "/x" is "/": its parents are "" and "/".
        assertThat(IgnoreRules.of(List.of("/")).matchesOrParentMatches("/x")).isTrue();
    }
}
