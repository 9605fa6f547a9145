package io.jbuild.grammar.shell;

import io.jbuild.grammar.gotext.GoText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * BuildKit's shell test data ({@code envVarTest}, {@code wordsTest}) from {@code jbuild.conformance.dir}, run the
 * way BuildKit's {@code lex_test.go} runs it; one reported test per line, named by line number and input.
 */
class ShellConformanceTest {

    private static final Path SHELL_DATA =
            Path.of(System.getProperty("jbuild.conformance.dir", "../shared/conformance"), "buildkit", "shell");

    /** {@code PLATFORM|input|expected}, expanded with ProcessWord; {@code error} means it must fail. */
    @TestFactory
    Stream<DynamicTest> envVarTest() throws IOException {
        List<String> lines = readLines("envVarTest");
        VariableLookup env =
                VariableLookup.of(Map.of("PWD", "/home", "SHELL", "bash", "KOREAN", "한국어", "NULL", ""));
        ShellWordExpander lex = ShellWordExpander.withEscape('\\');
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNumber = i + 1;
            String line = lines.get(i);
            // As lex_test.go: comments are recognised before trimming, blank lines after.
            if (line.startsWith("#")) {
                continue;
            }
            line = trimSpace(line);
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\\|", -1);
            String platform = fields.length == 3 ? trimSpace(fields[0]) : "?";
            String input = fields.length == 3 ? trimSpace(fields[1]) : line;
            String expected = fields.length == 3 ? trimSpace(fields[2]) : "";
            tests.add(dynamicTest(lineNumber + ": " + input, () -> {
                assertThat(fields).as("line %d must have three |-separated fields", lineNumber).hasSize(3);
                assertThat(platform).as("platform tag at line %d", lineNumber).isIn("A", "U", "W");
                Assumptions.assumeFalse(platform.equals("W"), "Windows-only case");
                if (expected.equals("error")) {
                    assertThatThrownBy(() -> lex.processWord(input, env)).isInstanceOf(ExpansionException.class);
                } else {
                    assertThat(lex.processWord(input, env)).as("line %d", lineNumber).isEqualTo(expected);
                }
            }));
        }
        assertThat(tests).as("envVarTest cases").hasSizeGreaterThan(200);
        return tests.stream();
    }

    /**
     * {@code input | word1,word2} split with ProcessWords; {@code ENV k=v} adds a variable for the following
     * lines. lex_test.go also meant to rerun the file with RawQuotes and SkipUnsetEnv, but its second pass reads
     * an exhausted file and so checks nothing; only the plain pass is BuildKit's behaviour.
     */
    @TestFactory
    Stream<DynamicTest> wordsTest() throws IOException {
        List<String> lines = readLines("wordsTest");
        ShellWordExpander lex = ShellWordExpander.withEscape('\\');
        Map<String, String> env = new LinkedHashMap<>();
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNumber = i + 1;
            String line = lines.get(i);
            if (line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("ENV ")) {
                String kv = stripLeadingSpaces(line.substring(3));
                int eq = kv.indexOf('=');
                env.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
                continue;
            }
            String[] fields = line.split("\\|", -1);
            String input = fields.length == 2 ? trimSpace(fields[0]) : line;
            List<String> expected = fields.length == 2
                    ? Arrays.asList(stripLeadingSpaces(fields[1]).split(",", -1)) : List.of();
            VariableLookup lookup = VariableLookup.of(env);
            tests.add(dynamicTest(lineNumber + ": " + input, () -> {
                assertThat(fields).as("line %d must have exactly one |", lineNumber).hasSize(2);
                List<String> actual;
                try {
                    actual = lex.processWords(input, lookup);
                } catch (ExpansionException e) {
                    actual = List.of("error");
                }
                assertThat(actual).as("line %d", lineNumber).isEqualTo(expected);
            }));
        }
        assertThat(tests).as("wordsTest cases").hasSizeGreaterThan(20);
        return tests.stream();
    }

    /** The file's lines; like Go's bufio.Scanner a trailing carriage return is not part of a line. */
    private static List<String> readLines(String name) throws IOException {
        return Files.readAllLines(SHELL_DATA.resolve(name), StandardCharsets.UTF_8);
    }

    /** Go's strings.TrimSpace, which trims Unicode white space (a little more than String.strip). */
    private static String trimSpace(String s) {
        int[] cps = s.codePoints().toArray();
        int from = 0;
        int to = cps.length;
        while (from < to && GoText.isSpace(cps[from])) {
            from++;
        }
        while (to > from && GoText.isSpace(cps[to - 1])) {
            to--;
        }
        return new String(cps, from, to - from);
    }

    /** Go's strings.TrimLeft(s, " "): only spaces, so the expected words keep their trailing blanks. */
    private static String stripLeadingSpaces(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return s.substring(i);
    }
}
