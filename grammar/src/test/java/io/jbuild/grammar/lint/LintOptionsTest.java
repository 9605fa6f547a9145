package io.jbuild.grammar.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code withContext}: the context's .dockerignore, read as docker reads it, for CopyIgnoredFile. */
class LintOptionsTest {

    @TempDir
    Path dir;

    private List<String> copyIgnoredFile(String dockerfile, LintOptions options) {
        return Linter.standard().lint(dockerfile, options).stream()
                .filter(d -> d.ruleId().equals("CopyIgnoredFile")).map(LintDiagnostic::message).toList();
    }

    @Test
    void theFileIsReadAsDockerReadsIt() throws IOException {
        // A UTF-8 BOM, CRLF line ends, and '#' that is not in the first column: a pattern, not a comment.
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        Files.write(dir.resolve(".dockerignore"), bom);
        Files.writeString(dir.resolve(".dockerignore"), "secrets.txt\r\n #kept\r\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        LintOptions options = LintOptions.defaults().withContext(dir);
        assertThat(copyIgnoredFile("FROM alpine\nCOPY secrets.txt #kept other /app/\n", options)).containsExactly(
                "Attempting to Copy file \"secrets.txt\" that is excluded by .dockerignore",
                "Attempting to Copy file \"#kept\" that is excluded by .dockerignore");
    }

    @Test
    void aPatternDockerRefusesNamesTheFileAndLine() throws IOException {
        Files.writeString(dir.resolve(".dockerignore"), "ok\n# c\n[z-a]\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> LintOptions.defaults().withContext(dir)).isInstanceOf(IOException.class)
                .hasMessage(dir.resolve(".dockerignore") + " line 3: syntax error in pattern \"[z-a]\"");
    }

    @Test
    void noFileMeansAContextWithNoPatterns() throws IOException {
        LintOptions options = LintOptions.defaults().withContext(dir);
        assertThat(options.dockerignore()).isPresent();
        assertThat(copyIgnoredFile("FROM alpine\nCOPY . /app\n", options)).isEmpty();
    }
}
