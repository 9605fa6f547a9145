package io.jbuild.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.core.store.ImageStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jbuild.core.snapshot.HostCommand;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Ctrl-C (SIGINT) and SIGTERM to {@code jbuild build} while a RUN step runs: the container is killed, its mounts
 * and directories removed, nothing is tagged, and the exit code is docker's (128 + the signal's number).
 */
class SignalTest {

    @TempDir
    static Path tmp;
    static Path base;

    @BeforeAll
    static void baseStore() throws Exception {
        Fixtures.assumeRunc();
        base = Fixtures.base();
    }

    @ParameterizedTest
    @CsvSource({"INT, 130", "TERM, 143"})
    @Timeout(120)
    void aSignalDuringRunUndoesTheStepAndTagsNothing(String signal, int exitCode) throws Exception {
        Path root = tmp.resolve("store-" + signal);
        Fixtures.copyStore(base, root);
        Path context = Files.createDirectories(tmp.resolve("ctx-" + signal));
        Files.writeString(context.resolve("Dockerfile"), """
                FROM %s
                RUN echo before > /before
                RUN echo started && sleep 60 && echo finished
                """.formatted(Fixtures.BASE));
        JbuildProcess build = JbuildProcess.start(Fixtures.buildArgs(root, "signalled:1", context).toArray(String[]::new));
        assertThat(build.awaitLine(l -> l.matches("#\\d+ \\d+\\.\\d+ started"), 60_000)).as(build.output()).isTrue();
        List<Long> container = containerPids(root);
        assertThat(container).as("the step's container").hasSize(1);
        assertThat(Path.of("/proc", container.get(0).toString())).exists();

        long t0 = System.nanoTime();
        build.signal(signal);
        assertThat(build.waitFor(30)).as(build.output()).isEqualTo(exitCode);
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms to stop").isLessThan(15_000);
        assertThat(build.lines()).noneMatch(l -> l.matches("#\\d+ \\d+\\.\\d+ finished"))
                .noneMatch(l -> l.contains("naming to"));

        assertThat(Path.of("/proc", container.get(0).toString())).as("the container's process").doesNotExist();
        StoreAudit.assertNoRunLeftovers(root);
        StoreAudit.assertReadable(root, Set.of(Fixtures.BASE));
        assertThat(ImageStore.open(root).list()).hasSize(1);
        assertThat(StoreAudit.tempFiles(root)).as("temporary files").isEmpty();
    }

    /** The init processes of the containers in the store's runtime state ({@code runc list}). */
    private static List<Long> containerPids(Path root) throws Exception {
        String json = HostCommand.check(List.of("runc", "--root", root.resolve("run/runtime").toString(), "list",
                "--format", "json"), null, "runc list");
        List<Long> pids = new ArrayList<>();
        JsonNode list = new ObjectMapper().readTree(json);
        if (list.isArray()) {
            list.forEach(c -> pids.add(c.path("pid").asLong()));
        }
        return pids;
    }
}
