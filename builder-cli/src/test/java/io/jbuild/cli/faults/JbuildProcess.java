package io.jbuild.cli.faults;

import io.jbuild.cli.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The real {@code jbuild} command in a JVM of its own (the launcher's JVM flags, the test class path), so that a
 * test can kill it with a signal as a user or a CI runner would. Its stdout and stderr are collected line by line.
 */
final class JbuildProcess {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private JbuildProcess(Process process) {
        this.process = process;
        this.reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process died: what it printed so far is in lines
            }
        }, "jbuild-child-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code jbuild ARGS...}; {@code jvmOptions} go before the class (e.g. -Xmx). */
    static JbuildProcess start(List<String> jvmOptions, String... args) throws IOException {
        // Surefire puts the real class path here; its own java.class.path may be a manifest-only jar.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("JBUILD_HOME");
        return new JbuildProcess(pb.start());
    }

    static JbuildProcess start(String... args) throws IOException {
        return start(List.of(), args);
    }

    long pid() {
        return process.pid();
    }

    /** Sends a signal by name (INT, TERM, KILL) with kill(1). */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** SIGKILL: no shutdown hook, no finally block runs. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Waits for a line matching {@code test}; false if the process ended or time ran out first. */
    boolean awaitLine(Predicate<String> test, long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < end) {
            if (lines.stream().anyMatch(test)) {
                return true;
            }
            if (!process.isAlive()) {
                reader.join(5000);
                return lines.stream().anyMatch(test);
            }
            Thread.sleep(10);
        }
        return false;
    }

    /** Waits for the end; returns the exit code. */
    int waitFor(long timeoutSeconds) throws InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("jbuild did not end within " + timeoutSeconds + " s; output:\n" + output());
        }
        reader.join(5000);
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Everything printed so far (stdout and stderr interleaved). */
    String output() {
        return String.join("\n", lines);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }
}
