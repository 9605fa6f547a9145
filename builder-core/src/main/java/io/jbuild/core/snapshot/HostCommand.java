package io.jbuild.core.snapshot;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a host tool ({@code mount}, {@code umount}, {@code cp}, the OCI runtime) to completion and returns what it
 * printed. The tools are small and quick; their output is read whole.
 */
public final class HostCommand {

    private HostCommand() {
    }

    /** What a finished command printed (standard output and error together) and its exit code. */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs {@code cmd} in {@code dir} (null: the current directory); never throws for a non-zero exit. */
    public static Result run(List<String> cmd, Path dir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    // Cleanup must finish even on an interrupted thread: wait, then restore the flag.
                    p.waitFor(1, TimeUnit.MINUTES);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (p.isAlive()) {
            p.destroyForcibly();
            return new Result(-1, out + "\n(" + cmd.get(0) + " did not finish within a minute)");
        }
        return new Result(p.exitValue(), out.strip());
    }

    /** Runs {@code cmd} and fails with {@code failure} and the tool's output unless it exits with 0. */
    public static String check(List<String> cmd, Path dir, String failure) throws IOException {
        Result r = run(cmd, dir);
        if (!r.ok()) {
            throw new IOException(failure + ": " + String.join(" ", cmd) + ": " + r.output());
        }
        return r.output();
    }
}
