package io.jbuild.grammar.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.jbuild.grammar.TestDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every real-world Dockerfile of the shared corpus parses with no diagnostic at all. */
class CorpusTest {

    @TestFactory
    Stream<DynamicTest> everyCorpusFileParsesClean() throws IOException {
        Path root = TestDirs.corpus();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).filter(CorpusTest::isDockerfile).sorted().toList();
        }
        assertThat(files).as("Dockerfiles under %s", root).hasSizeGreaterThan(100);
        return files.stream().map(file -> dynamicTest(root.relativize(file).toString(), () -> {
            ParseResult result = DockerfileParser.parse(file);
            assertThat(result.diagnostics()).isEmpty();
            assertThat(result.dockerfile().instructions()).isNotEmpty();
            assertThat(result.dockerfile().instructions()).hasSameSizeAs(result.nodes());
        }));
    }

    static boolean isDockerfile(Path p) {
        String name = p.getFileName().toString();
        return name.equals("Dockerfile") || name.startsWith("Dockerfile.") || name.endsWith(".Dockerfile")
                || name.endsWith(".dockerfile");
    }
}
