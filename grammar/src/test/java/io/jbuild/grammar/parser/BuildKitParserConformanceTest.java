package io.jbuild.grammar.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.jbuild.grammar.TestDirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * BuildKit's own parser test data (read from {@code jbuild.conformance.dir}): every positive case dumps
 * exactly to its {@code result}, every negative case is rejected, and line numbers match.
 */
class BuildKitParserConformanceTest {

    private static final Path PARSER = TestDirs.conformance().resolve("buildkit/parser");

    @TestFactory
    Stream<DynamicTest> positiveCasesDumpExactlyToTheirResult() throws IOException {
        List<Path> cases = caseDirs(PARSER.resolve("testfiles"));
        assertThat(cases).as("positive cases under %s", PARSER).isNotEmpty();
        return cases.stream().map(dir -> dynamicTest(dir.getFileName().toString(), () -> {
            ParseResult result = DockerfileParser.parse(dir.resolve("Dockerfile"));
            assertThat(result.hasSyntaxErrors()).as("syntax errors: %s", result.diagnostics()).isFalse();
            String expected = Files.readString(dir.resolve("result"), StandardCharsets.UTF_8);
            assertThat(BuildKitDump.dump(result.nodes())).isEqualTo(expected);
        }));
    }

    @TestFactory
    Stream<DynamicTest> negativeCasesAreRejectedWithADiagnostic() throws IOException {
        List<Path> cases = caseDirs(PARSER.resolve("testfiles-negative"));
        assertThat(cases).isNotEmpty();
        return cases.stream().map(dir -> dynamicTest(dir.getFileName().toString(), () -> {
            ParseResult result = DockerfileParser.parse(dir.resolve("Dockerfile"));
            assertThat(result.hasSyntaxErrors()).as("diagnostics: %s", result.diagnostics()).isTrue();
            assertThat(result.errors()).allSatisfy(d -> assertThat(d.range().start().line()).isPositive());
        }));
    }

    @Test
    void lineNumbersMatchBuildKits() throws IOException {
        ParseResult result = DockerfileParser.parse(PARSER.resolve("testfile-line/Dockerfile"));
        assertThat(result.hasSyntaxErrors()).isFalse();
        assertThat(result.nodes()).extracting(n -> List.of(n.range().start().line(), n.range().end().line()))
                .containsExactly(List.of(5, 5), List.of(11, 12), List.of(17, 31));
    }

    private static List<Path> caseDirs(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }
}
