package io.jbuild.cli.container;

import static org.assertj.core.api.Assertions.assertThat;


import io.jbuild.cli.BusyboxBase;
import io.jbuild.cli.CliRunner;
import java.io.IOException;

import java.nio.file.Path;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** logs --since/--until on a real container's log, cut at the log's own timestamps (real runc and conmon). */
class ContainerLogsTest {

    @TempDir
    static Path tmp;
    static String store;

    @BeforeAll
    static void base() throws IOException {
        BusyboxBase.assumeTools();
        store = tmp.resolve("store").toString();
        BusyboxBase.build(store, tmp);
    }

    @AfterAll
    static void removeAll() {
        BusyboxBase.removeContainers(store);
    }

    @Test
    void sinceAndUntilCutAtTheLogsTimestamps() {
        ok(CliRunner.run("run", "--root", store, "--name", "ticker", "jbuild/busybox", "sh", "-c",
                "for i in 1 2 3 4 5; do echo line $i; echo err $i >&2; sleep 0.3; done"));
        List<String> stamped = ok(CliRunner.run("logs", "--root", store, "-t", "ticker")).out().lines().toList();
        assertThat(stamped).hasSize(5);
        Instant third = Instant.parse(stamped.get(2).split(" ")[0]);
        String rfc = third.toString();
        String unix = third.getEpochSecond() + "." + String.format("%09d", third.getNano());

        assertThat(ok(CliRunner.run("logs", "--root", store, "--since", rfc, "ticker")).out())
                .isEqualTo("line 3\nline 4\nline 5\n");
        CliRunner.Outcome until = ok(CliRunner.run("logs", "--root", store, "--until", unix, "ticker"));
        assertThat(until.out()).isEqualTo("line 1\nline 2\nline 3\n");
        assertThat(until.err()).startsWith("err 1\nerr 2\n").doesNotContain("err 4"); // stderr kept apart, cut too
        assertThat(ok(CliRunner.run("logs", "--root", store, "--since", unix, "--until", rfc, "ticker")).out())
                .isEqualTo("line 3\n");
        assertThat(ok(CliRunner.run("logs", "--root", store, "--since", "1h", "ticker")).out()).hasLineCount(5);
        assertThat(ok(CliRunner.run("logs", "--root", store, "--since", "-1m", "ticker")).out()).isEmpty();
        assertThat(ok(CliRunner.run("logs", "--root", store, "--until", "2000-01-01", "-f", "ticker")).out()).isEmpty();

        CliRunner.Outcome bad = CliRunner.run("logs", "--root", store, "--since", "yesterday", "ticker");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo(
                "invalid value for \"since\": failed to parse value as time or duration: \"yesterday\"\n");
        ok(CliRunner.run("rm", "--root", store, "ticker"));
    }

    private static CliRunner.Outcome ok(CliRunner.Outcome o) {
        assertThat(o.exitCode()).as(o.err()).isZero();
        return o;
    }
}
