package io.jbuild.core.exec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small shell that runs a command if this JVM dies first, even by SIGKILL, when no shutdown hook runs: it reads
 * its standard input, a pipe only this JVM writes to, which the kernel closes when the JVM dies. {@link #close()}
 * says "done" first, and then the command is not run.
 *
 * <p>The command is repeated for a few seconds: a {@code runc run} the JVM started just before it died may create
 * its container after the first attempt.
 */
final class OwnerWatch implements AutoCloseable {

    private static final String SCRIPT = "read -r said; [ \"$said\" = done ] && exit 0; "
            + "i=0; while [ $i -lt 10 ]; do \"$@\" >/dev/null 2>&1; sleep 0.3; i=$((i + 1)); done";

    private final Process shell;
    private boolean closed;

    private OwnerWatch(Process shell) {
        this.shell = shell;
    }

    static OwnerWatch start(List<String> onOwnerDeath) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", SCRIPT, "sh"));
        cmd.addAll(onOwnerDeath);
        return new OwnerWatch(new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start());
    }

    /** The owner is done with what the command would undo: the shell exits without running it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (OutputStream in = shell.getOutputStream()) {
            in.write("done\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // the shell is gone already
        }
        Processes.awaitOrKill(shell, 5);
    }
}
