package io.jbuild.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Runs {@code jbuild} as a separate process from a shell script, as a user's shell would (its own stdio, a tty). */
public final class Shell {

    /** What the script printed (stdout and stderr together) and its exit code. */
    public record Result(int exitCode, String output) {
    }

    private Shell() {
    }

    /** A shell word running {@code jbuild args...} on this JVM, from the test classpath. */
    public static String jbuild(String... args) {
        List<String> words = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        words.addAll(List.of(args));
        return words.stream().map(Shell::quoted).collect(Collectors.joining(" "));
    }

    /** {@code word} single-quoted for sh. */
    public static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** Runs {@code script} with sh, standard input from /dev/null. */
    public static Result run(String script) throws IOException, InterruptedException {
        return run(script, Map.of());
    }

    /** Runs {@code script} with sh and these extra environment variables (an empty value removes one). */
    public static Result run(String script, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        env.forEach((k, v) -> {
            if (v.isEmpty()) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), output);
    }

    /**
     * Runs {@code command} on a new pseudo-terminal with util-linux script(1): its stdin, stdout and stderr are that
     * terminal, {@code columns} wide.
     */
    public static Result onTerminal(String command, int columns, Map<String, String> env)
            throws IOException, InterruptedException {
        return run("script -q -e -c " + quoted("stty cols " + columns + " rows 40; " + command) + " /dev/null", env);
    }
}
