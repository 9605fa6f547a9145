package io.jbuild.core.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ProcFs against what the JDK's ProcessHandle says of the same processes: the same start times and lines. */
class ProcFsTest {

    private final ProcFs procs = ProcFs.host();

    @Test
    void startTimesAreTheJdksForThisProcessAndAChild() throws Exception {
        long self = ProcessHandle.current().pid();
        assertThat(procs.startMillis(self)).hasValue(startOf(ProcessHandle.current()));
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            assertThat(procs.startMillis(child.pid())).hasValue(startOf(child.toHandle()));
            assertThat(ProcFs.commandLine(child.pid())).hasValue("sleep 30");
            assertThat(ProcFs.children(self)).contains(child.toHandle());
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
        // reaped: no such process any more
        assertThat(procs.startMillis(child.pid())).isEmpty();
        assertThat(ProcFs.commandLine(child.pid())).isEmpty();
        assertThat(ProcFs.children(self)).doesNotContain(child.toHandle());
    }

    @Test
    void aNameWithSpacesAndParenthesesDoesNotShiftTheFields(@TempDir Path dir) throws Exception {
        // the stat's second field is the name in parentheses, which may hold both
        Path odd = dir.resolve("a) (b c");
        Files.copy(Path.of("/bin/sleep"), odd);
        Process child = new ProcessBuilder(odd.toString(), "30").start();
        try {
            assertThat(procs.startMillis(child.pid())).hasValue(startOf(child.toHandle()));
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void noProcessNoAnswer() {
        assertThat(procs.startMillis(0)).isEqualTo(OptionalLong.empty());
        assertThat(procs.startMillis(-1)).isEqualTo(OptionalLong.empty());
        assertThat(procs.startMillis(Integer.MAX_VALUE)).isEmpty(); // above pid_max
        assertThat(ProcFs.commandLine(Integer.MAX_VALUE)).isEmpty();
        assertThat(ProcFs.children(Integer.MAX_VALUE)).isEmpty();
    }

    private static long startOf(ProcessHandle p) {
        return p.info().startInstant().orElseThrow().toEpochMilli();
    }
}
