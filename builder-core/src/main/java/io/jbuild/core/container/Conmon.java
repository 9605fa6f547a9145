package io.jbuild.core.container;

import io.jbuild.grammar.shell.DefaultPath;
import io.jbuild.core.exec.OciRuntime;
import io.jbuild.core.snapshot.HostCommand;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A container's monitor, {@code conmon} (podman's): it runs {@code runc create}, then stays, in a session of its
 * own, as the container's parent after jbuild exits: it holds the container's stdio, writes its output to a log in
 * the k8s-file format (stdout and stderr apart) and its exit code to a file named after the container in the exit
 * directory. conmon forks at once and returns before the container exists; {@link ContainerFiles#pidFile()}
 * appears once it does.
 */
final class Conmon {

    private final Path runtimeRoot;

    /** Nothing is looked up yet: listing containers (for rmi, prune) needs neither runc nor conmon. */
    Conmon(Path runtimeRoot) {
        this.runtimeRoot = runtimeRoot;
    }

    static String runtime() throws IOException {
        return onPath("runc").orElseThrow(() -> new IOException(
                "runc, the OCI runtime containers run in, is not installed (Debian package runc)")).toString();
    }

    /**
     * Starts conmon for container {@code id}, whose bundle and files {@code files} holds; {@code exitCommand}, if
     * any, is what conmon runs once the container's process has exited (after it wrote the exit code). With
     * {@code tty} conmon makes the container's terminal and holds its other end, else with {@code stdin} it keeps a
     * pipe to the container's input (both fed through the attach socket).
     */
    void create(String id, String name, ContainerFiles files, Optional<List<String>> exitCommand, boolean stdin,
                boolean tty) throws IOException {
        String conmon = onPath("conmon").orElseThrow(() -> new IOException(
                "conmon, the monitor that keeps containers running without jbuild, is not installed (Debian package"
                        + " conmon)")).toString();
        Files.createDirectories(files.exitDir());
        Files.createDirectories(files.socketDir());
        Files.createDirectories(runtimeRoot);
        List<String> cmd = new ArrayList<>(List.of(conmon, "--api-version", "1", "-c", id, "-u", id, "-n", name,
                "-r", runtime(), "-b", files.bundle().toString(), "-p", files.pidFile().toString(),
                "-l", "k8s-file:" + files.log(), "--exit-dir", files.exitDir().toString(),
                "--conmon-pidfile", files.conmonPidFile().toString(),
                "--socket-dir-path", files.socketDir().toString(), "--log-level", "error",
                "--runtime-arg", "--root=" + runtimeRoot,
                "--runtime-arg", "--log=" + files.runtimeLog(), "--runtime-arg", "--log-format=json"));
        exitCommand.ifPresent(c -> {
            cmd.addAll(List.of("--exit-command", c.get(0)));
            c.subList(1, c.size()).forEach(arg -> cmd.addAll(List.of("--exit-command-arg", arg)));
        });
        if (tty) {
            cmd.add("--terminal"); // podman's choice: the terminal is the input, -i would add nothing
        } else if (stdin) {
            cmd.add("--stdin");
        }
        HostCommand.Result r = HostCommand.run(cmd, null);
        if (!r.ok()) {
            throw new IOException("conmon failed (exit code " + r.exitCode() + "): " + r.output().strip());
        }
    }

    /** {@code runc start}: the container's process, created by conmon, begins. */
    void start(String id) throws IOException {
        HostCommand.check(runtime("start", id), null, "cannot start container " + id);
    }

    /** {@code runc kill ID SIGNAL}; false if the container was not running (any more). */
    boolean kill(String id, String signal) throws IOException {
        return HostCommand.run(runtime("kill", id, signal), null).ok();
    }

    /** {@code runc delete --force}: the runtime's state of a container, whatever it is, is gone. */
    void delete(String id) throws IOException {
        if (!Files.exists(runtimeRoot.resolve(id))) {
            return; // runc keeps no state of it (never created, or deleted by the stop before this rm): no process
        }
        HostCommand.run(runtime("delete", "--force", id), null);
    }

    private List<String> runtime(String... args) throws IOException {
        return new OciRuntime(runtime(), runtimeRoot).command(args);
    }

    /** The first executable {@code name} on the PATH (conmon wants the runtime's full path). */
    static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", DefaultPath.VALUE);
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return Optional.of(p.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /** The pid in {@code file}, if it holds one. */
    static long readPid(Path file) {
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }
}
