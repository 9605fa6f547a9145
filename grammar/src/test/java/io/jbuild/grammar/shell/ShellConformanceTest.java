package io.jbuild.grammar.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.jbuild.grammar.TestDirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * BuildKit's shell-expansion test data ({@code envVarTest}, {@code wordsTest}), read from
 * {@code jbuild.conformance.dir}; one reported test per line, named by line number and input.
 */
class ShellConformanceTest {

    private static final Path SHELL = TestDirs.conformance().resolve("buildkit/shell");

    @TestFactory
    Stream<DynamicTest> envVarTest() throws IOException {
        List<String> lines = Files.readAllLines(SHELL.resolve("envVarTest"), StandardCharsets.UTF_8);
        VariableLookup env = VariableLookup.of(Map.of("PWD", "/home", "SHELL", "bash", "KOREAN", "한국어", "NULL", ""));
        ShellWordExpander expander = ShellWordExpander.withEscape('\\');
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#") || line.trim().isEmpty()) {
                continue;
            }
            String[] parts = line.trim().split("\\|", -1);
            assertThat(parts).as("line %d: %s", i + 1, line).hasSize(3);
            String platform = parts[0].trim();
            String input = parts[1].trim();
            String expected = parts[2].trim();
            if (platform.equals("W")) {
                continue;
            }
            tests.add(dynamicTest((i + 1) + ": " + input, () -> {
                if (expected.equals("error")) {
                    assertThatThrownBy(() -> expander.processWord(input, env)).isInstanceOf(ExpansionException.class);
                } else {
                    assertThat(expander.processWord(input, env)).isEqualTo(expected);
                }
            }));
        }
        assertThat(tests).hasSizeGreaterThan(100);
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> wordsTest() throws IOException {
        List<String> lines = Files.readAllLines(SHELL.resolve("wordsTest"), StandardCharsets.UTF_8);
        ShellWordExpander expander = ShellWordExpander.withEscape('\\');
        Map<String, String> env = new LinkedHashMap<>();
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("ENV ")) {
                String kv = line.substring(3).replaceFirst("^ +", "");
                int eq = kv.indexOf('=');
                env.put(kv.substring(0, eq), kv.substring(eq + 1));
                continue;
            }
            String[] parts = line.split("\\|", -1);
            assertThat(parts).as("line %d: %s", i + 1, line).hasSize(2);
            String input = parts[0].trim();
            List<String> expected = Arrays.asList(parts[1].replaceFirst("^ +", "").split(",", -1));
            VariableLookup lookup = VariableLookup.of(env);
            tests.add(dynamicTest((i + 1) + ": " + input, () -> {
                List<String> actual;
                try {
                    actual = expander.processWords(input, lookup);
                } catch (ExpansionException e) {
                    actual = List.of("error");
                }
                assertThat(actual).isEqualTo(expected);
            }));
        }
        assertThat(tests).hasSizeGreaterThan(20);
        return tests.stream();
    }
}
