package io.jbuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jbuild parse} through picocli's real entry point, in process. */
class ParseCommandTest {

    private static CliRunner.Outcome run(String... args) {
        return CliRunner.run(args);
    }

    private static Path testdata() {
        return CliRunner.testdata();
    }

    @Test
    void jsonOfTheHelloExample() throws Exception {
        Path dockerfile = testdata().resolve("hello/Dockerfile");
        CliRunner.Outcome o = run("parse", "-f", dockerfile.toString());
        assertThat(o.err()).isEmpty();
        assertThat(o.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(o.out());
        assertThat(json.path("escape").asText()).isEqualTo("\\");
        JsonNode instructions = json.path("instructions");
        assertThat(instructions).extracting(n -> n.path("instruction").asText())
                .containsExactly("FROM", "RUN", "ARG", "WORKDIR", "COPY", "ENV", "CMD");
        JsonNode cmd = instructions.get(6);
        assertThat(cmd.path("command").path("form").asText()).isEqualTo("exec");
        assertThat(cmd.path("command").path("arguments")).extracting(JsonNode::asText)
                .containsExactly("python", "hello.py", "guest");
        assertThat(cmd.path("range").path("start").path("line").asInt()).isEqualTo(15);
        assertThat(json.path("diagnostics")).isEmpty();
    }

    @Test
    void buildkitFormatPrintsTheNodeDump(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("Dockerfile");
        Files.writeString(file, "FROM busybox AS base\nCOPY --chown=1:1 a /b/\nONBUILD RUN echo \"hi\"\n");
        CliRunner.Outcome o = run("parse", "--format", "buildkit", "-f", file.toString());
        assertThat(o.exitCode()).isZero();
        assertThat(o.out()).isEqualTo("(from \"busybox\" \"AS\" \"base\")\n"
                + "(copy [\"--chown=1:1\"] \"a\" \"/b/\")\n"
                + "(onbuild (run \"echo \\\"hi\\\"\"))\n");
    }

    @Test
    void invalidFileFailsWithFileLineAndColumn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("Dockerfile");
        Files.writeString(file, "FROM a\nCMD [\"ok\", 1]\n");
        CliRunner.Outcome o = run("parse", "-f", file.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.err()).isEqualTo(file + ":2:5: error: "
                + "when using JSON array syntax, arrays must be comprised of strings only\n");
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        CliRunner.Outcome o = run("parse", "-f", dir.resolve("nope").toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.err()).contains("nope: no such file");
    }

    @Test
    void badFormatIsAUsageError() {
        CliRunner.Outcome o = run("parse", "--format", "yaml");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("invalid value for option '--format'", "See 'jbuild parse --help'.").doesNotContain("Usage:");
    }

    @Test
    void versionAndHelp() {
        CliRunner.Outcome version = run("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("jbuild 0.");
        CliRunner.Outcome help = run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("parse").contains("Exit codes:");
    }
}
