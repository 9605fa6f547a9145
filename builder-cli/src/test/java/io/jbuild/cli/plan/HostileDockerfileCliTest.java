package io.jbuild.cli.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.cli.CliRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile Dockerfiles through {@code jbuild plan} and {@code jbuild build}: a non-zero exit, an error naming
 * file:line:col, bounded time, and for a build nothing in the store.
 */
class HostileDockerfileCliTest {

    /** Generous: other builds share the machine; the first run includes JIT warm-up. */
    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    void planReportsOnbuildChainsAndDeepExpansionsAtTheirLine() throws IOException {
        Path onbuild = write("onbuild", "FROM scratch\nONBUILD ONBUILD RUN x\n");
        CliRunner.Outcome o = timed("plan", "-f", onbuild.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.err()).contains(onbuild + ":2:1: error: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");

        Path nested = write("nested", "FROM scratch\nENV b=" + "${a:-".repeat(10_000) + "x" + "}".repeat(10_000) + "\n");
        o = timed("plan", "-f", nested.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.err()).startsWith(nested + ":2:").contains("nested too deep");
        assertThat(o.err().length()).as("a short message, not the 60 KB word").isLessThan(1000);
        assertThat(o.out()).isEmpty();
    }

    @Test
    void buildOfGarbageFailsAtLineOneAndWritesNothing() throws IOException {
        byte[] garbage = new byte[256 << 10];
        new Random(12).nextBytes(garbage);
        Path context = Files.createDirectories(tmp.resolve("context"));
        Path dockerfile = context.resolve("Dockerfile");
        Files.write(dockerfile, garbage);
        Path store = tmp.resolve("store");
        CliRunner.Outcome o = timed("build", "--root", store.toString(), "-t", "garbage:1", context.toString());
        assertThat(o.exitCode()).isNotZero();
        assertThat(o.err()).contains(dockerfile + ":1:1: error: ");
        // At most an empty store: no blob, no image in the index, no temporary file.
        assertThat(treeOf(store)).as("nothing written to the store")
                .allMatch(p -> !p.startsWith("oci/blobs/sha256/") && !p.startsWith("tmp/"));
        if (Files.exists(store.resolve("oci/index.json"))) {
            assertThat(Files.readString(store.resolve("oci/index.json"))).doesNotContain("\"digest\"");
        }
        assertThat(treeOf(context)).containsExactly("Dockerfile");
    }

    @Test
    @Tag("reliability")
    void planOfTenThousandStagesAndTenMegabytesOfGarbage() throws IOException {
        StringBuilder text = new StringBuilder("FROM scratch AS s0\n");
        for (int i = 1; i < 10_000; i++) {
            text.append("FROM scratch AS s").append(i).append("\nCOPY --from=s").append(i - 1).append(" / /\n");
        }
        Path stages = write("stages", text.toString());
        CliRunner.Outcome o = timed("plan", "-f", stages.toString());
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.out()).contains("\"index\" : 9999");

        byte[] garbage = new byte[10 << 20];
        new Random(13).nextBytes(garbage);
        Path file = tmp.resolve("garbage");
        Files.write(file, garbage);
        o = timed("plan", "-f", file.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.err()).startsWith(file + ":1:1: error: ");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static CliRunner.Outcome timed(String... args) {
        long start = System.nanoTime();
        CliRunner.Outcome o = CliRunner.run(args);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("jbuild %s", args[0]).isLessThan(BOUND);
        return o;
    }

    private static List<String> treeOf(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }
}
