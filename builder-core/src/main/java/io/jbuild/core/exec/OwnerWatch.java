package io.jbuild.core.exec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small shell that deletes containers if this JVM dies first, even by SIGKILL, when no shutdown hook runs: it
 * reads its standard input, a pipe only this JVM writes to, which the kernel closes when the JVM dies. It is told
 * each container as it starts ({@link #watch}) and ends ({@link #release}); at end of input it deletes those still
 * running, unless {@link #close()} said "done" first. One shell serves all the steps of an executor, so a step
 * starts no process of its own for it.
 *
 * <p>The command is repeated for a few seconds for a container it could not delete yet: a {@code runc run} the JVM
 * started just before it died may create its container after the first attempt.
 */
final class OwnerWatch implements AutoCloseable {

    // Lines "+ ID" and "- ID" keep the set " ID1 ID2 " (ids are [a-z0-9-]: no pattern characters).
    private static final String SCRIPT = "ids=' '; "
            + "while read -r op id; do case $op in "
            + "done) exit 0 ;; "
            + "+) ids=\"$ids$id \" ;; "
            + "-) ids=\"${ids%% \"$id\" *} ${ids#* \"$id\" }\" ;; "
            + "esac; done; "
            + "i=0; while [ $i -lt 10 ] && [ \"$ids\" != ' ' ]; do left=' '; "
            + "for id in $ids; do \"$@\" \"$id\" >/dev/null 2>&1 || left=\"$left$id \"; done; "
            + "ids=$left; [ \"$ids\" = ' ' ] || sleep 0.3; i=$((i + 1)); done";

    private final Process shell;
    private final OutputStream in;
    private boolean closed;

    private OwnerWatch(Process shell) {
        this.shell = shell;
        this.in = shell.getOutputStream();
    }

    /** Starts the shell; {@code deleteCommand} deletes the container whose id is appended to it. */
    static OwnerWatch start(List<String> deleteCommand) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", SCRIPT, "sh"));
        cmd.addAll(deleteCommand);
        return new OwnerWatch(new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start());
    }

    /** Container {@code id} is about to start: deleted if this JVM dies before {@link #release}. */
    synchronized void watch(String id) throws IOException {
        say("+ " + id);
    }

    /** Container {@code id} is gone: no longer deleted when this JVM dies. */
    synchronized void release(String id) throws IOException {
        if (!closed) {
            say("- " + id);
        }
    }

    private void say(String line) throws IOException {
        if (closed) {
            throw new IOException("the owner watch is closed");
        }
        in.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        in.flush();
    }

    /** The owner is done: the shell exits without deleting anything. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (OutputStream out = in) {
            out.write("done\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // the shell is gone already
        }
        Processes.awaitOrKill(shell, 5);
    }
}
