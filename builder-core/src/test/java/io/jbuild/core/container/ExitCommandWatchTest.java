package io.jbuild.core.container;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a start tells conmon's exit command from conmon's other children. */
class ExitCommandWatchTest {

    /**
     * Between fork and exec conmon's child for runc still carries conmon's command line, which names the exit
     * command: such a child (here a shell whose arguments name it, but which is no JVM) is not the exit command.
     */
    @Test
    void aChildThatOnlyNamesTheExitCommandIsNotIt() throws Exception {
        Process parent = start("sh -c 'sleep 30; :' " + ExitCommand.class.getName());
        try {
            awaitChild(parent);
            assertFalse(Containers.runsExitCommand(parent.pid()));
        } finally {
            parent.descendants().forEach(ProcessHandle::destroyForcibly);
            parent.destroyForcibly().waitFor();
        }
    }

    @Test
    void aJvmRunningTheExitCommandIsIt(@TempDir Path dir) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path main = Files.writeString(dir.resolve("Wait.java"),
                "class Wait { public static void main(String[] a) throws Exception { Thread.sleep(30_000); } }");
        Process parent = start("'" + java + "' -Dx=" + ExitCommand.class.getName() + " '" + main + "'");
        try {
            boolean seen = false;
            for (int i = 0; i < 1000 && !seen; i++) {
                seen = Containers.runsExitCommand(parent.pid());
                TimeUnit.MILLISECONDS.sleep(10);
            }
            assertTrue(seen);
        } finally {
            parent.descendants().forEach(ProcessHandle::destroyForcibly);
            parent.destroyForcibly().waitFor();
        }
    }

    private static Process start(String script) throws IOException {
        return new ProcessBuilder(List.of("bash", "-c", script + " & wait")).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void awaitChild(Process parent) throws InterruptedException {
        for (int i = 0; i < 200 && parent.toHandle().children().findAny().isEmpty(); i++) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }
}
