package io.jbuild.core.exec;

import com.fasterxml.jackson.databind.JsonNode;
import io.jbuild.core.image.OciJson;
import io.jbuild.core.snapshot.HostCommand;
import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The OCI runtime's command line ({@code runc}; {@code crun} takes the same commands), always with our own
 * {@code --root}, so that its state, {@code list} included, holds only our containers. RUN steps use it here;
 * containers ({@code exec}, {@code cp}'s pause) through {@link #command}, {@link #state}, {@link #pause}.
 */
public final class OciRuntime {

    /** The file runc keeps a container's state in, in its directory below {@code --root}. */
    private static final String STATE = "state.json";

    private final String binary;
    private final Path root;

    /** @param binary {@code runc} or a path; {@code root} its {@code --root}, where our containers' state is */
    public OciRuntime(String binary, Path root) {
        this.binary = binary;
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** The runtime's command line for {@code args}, with our {@code --root}. */
    public List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(binary, "--root", root.toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** {@code state ID}: the container's state, or empty when the runtime does not know it. */
    public Optional<JsonNode> state(String id) throws IOException {
        HostCommand.Result r = HostCommand.run(command("state", id), null);
        if (!r.ok()) {
            if (r.output().contains("not exist")) {
                return Optional.empty();
            }
            throw new IOException(binary + " state " + id + " failed: " + r.output());
        }
        return Optional.of(OciJson.readTree(r.output().getBytes(StandardCharsets.UTF_8)));
    }

    /** Freezes the container's processes (the cgroup freezer); {@link #resume} thaws them. */
    public void pause(String id, String why) throws IOException {
        HostCommand.check(command("pause", id), null, "cannot pause container " + id + why);
    }

    /** Thaws what {@link #pause} froze. */
    public void resume(String id, String why) throws IOException {
        HostCommand.check(command("resume", id), null, "cannot resume container " + id + why);
    }

    /**
     * Starts {@code run} in the foreground. The container's stdout and stderr are the process's, piped to us, and
     * its stdin {@code /dev/null}; or, for {@link ContainerIo.Inherited}, this process's own streams.
     */
    Process run(Path bundle, String id, Path log, ContainerIo io) throws IOException {
        Files.createDirectories(root);
        ProcessBuilder pb = new ProcessBuilder(command("--log", log.toString(), "--log-format", "json", "run",
                "--bundle", bundle.toString(), id))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (io instanceof ContainerIo.Inherited inherited) {
            pb.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
            if (inherited.stdin()) {
                pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
            }
        }
        return pb.start();
    }

    /** Kills and removes the container if it is still there, and makes sure {@code process} has ended. */
    void kill(String id, Process process) throws IOException {
        if (process.isAlive() || exists(id)) {
            forceDelete(id);
        }
        if (process.isAlive()) {
            process.destroy();
            Processes.awaitOrKill(process, 5);
            forceDelete(id); // in case it was created while we were stopping the runtime
        }
    }

    /** {@code delete --force}: SIGKILL to the container's processes, then its state and cgroup are removed. */
    void forceDelete(String id) throws IOException {
        HostCommand.Result r = HostCommand.run(forceDeleteCommand(id), null);
        // "container does not exist" while it is listed: its state directory is there without its state, as
        // while another runc (the step's own "run", ending) removes it. Give that a moment, then try again.
        for (int attempt = 0; !r.ok() && exists(id); attempt++) {
            if (attempt == 20) {
                throw new IOException("cannot delete container " + id + ": " + r.output());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while deleting container " + id);
            }
            r = HostCommand.run(forceDeleteCommand(id), null);
        }
    }

    /** The command {@link #forceDelete} runs, for a watcher that runs it when we cannot. */
    List<String> forceDeleteCommand(String id) {
        return command("delete", "--force", id);
    }

    /**
     * The ids of the containers in our state directory: its subdirectories holding a {@code state.json}, which is
     * what {@code runc list} reports (it skips a directory whose state it cannot load), read without starting it:
     * every build and every RUN step asks.
     */
    List<String> list() throws IOException {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(root)) {
            for (Path dir : s) {
                if (Files.isRegularFile(dir.resolve(STATE))) {
                    ids.add(dir.getFileName().toString());
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of();
        }
        ids.sort(null);
        return ids;
    }

    /** Whether the runtime knows container {@code id} (as {@link #list} would list it). */
    boolean exists(String id) {
        return Files.isRegularFile(root.resolve(id).resolve(STATE));
    }

    /** What the runtime logged as errors (it could not start the process); null if nothing. */
    static String errors(Path log) throws IOException {
        if (!Files.exists(log)) {
            return null;
        }
        List<String> messages = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            try {
                JsonNode entry = OciJson.readTree(line.getBytes(StandardCharsets.UTF_8));
                String level = entry.path("level").asText();
                if (level.equals("error") || level.equals("fatal")) {
                    messages.add(entry.path("msg").asText());
                }
            } catch (IOException e) {
                if (!line.isBlank()) {
                    messages.add(line.strip());
                }
            }
        }
        return messages.isEmpty() ? null : String.join("; ", messages);
    }
}
