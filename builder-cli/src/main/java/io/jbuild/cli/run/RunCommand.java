package io.jbuild.cli.run;

import io.jbuild.cli.image.StoreOptions;
import io.jbuild.cli.terminal.Terminals;
import io.jbuild.core.exec.ContainerIo;
import io.jbuild.core.exec.ContainerMount;
import io.jbuild.core.exec.NetworkMode;
import io.jbuild.core.exec.OutputSink;
import io.jbuild.core.run.ContainerRunner;
import io.jbuild.core.run.RunOptions;
import io.jbuild.core.store.ImageStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jbuild run}: run an image from the store, as {@code docker run} would, to check what was built. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = {"Run a command in a new container of an image, as docker run does.",
            "The container is made from IMAGE in the local store and removed afterwards. It uses the same runtime "
            + "as RUN steps (runc; needs root). The container shares the host's network, so no -p port mapping is "
            + "needed: a server listening on port 80 is reachable at localhost:80. "
            + "With -i the container reads this standard input; with -t it gets a pseudo-terminal joined to this one "
            + "(-it for an interactive shell). With -i or -t the container writes straight to this standard output "
            + "and error. The exit code is the command's; 125 when the container could not be run."})
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image: name[:tag] or image ID.")
    String image;

    @Parameters(index = "1..*", paramLabel = "CMD", description = "Replaces the image's CMD.")
    List<String> command = new ArrayList<>();

    @Option(names = "--rm", description = "Remove the container when it exits (always done; accepted for docker users).")
    boolean rm;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY[=VALUE]",
            description = "Set an environment variable; KEY alone takes it from this shell. Repeatable.")
    List<String> env = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "FILE", description = "Read KEY=VALUE lines from FILE. Repeatable.")
    List<Path> envFiles = new ArrayList<>();

    @Option(names = "--entrypoint", paramLabel = "CMD", description = "Replace the image's ENTRYPOINT.")
    String entrypoint;

    @Option(names = {"-u", "--user"}, paramLabel = "USER[:GROUP]", description = "Run as this user.")
    String user;

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory in the container.")
    String workdir;

    @Option(names = {"-v", "--volume"}, paramLabel = "HOST:CONTAINER[:ro]", description = "Bind-mount a host path.")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--network", paramLabel = "host|none", defaultValue = "host",
            description = "host (default) or none (loopback only).")
    String network;

    @Option(names = {"-i", "--interactive"}, description = "Pass this standard input to the container.")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-terminal (needs one here: with -i, standard "
            + "input must be a terminal).")
    boolean tty;

    @Mixin
    StoreOptions storeOptions;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // docker's check: a terminal's input cannot be a pipe or a file.
        if (tty && interactive && !Terminals.isTerminal(0)) {
            err.println("jbuild run: the input device is not a TTY");
            return 1;
        }
        // runc in the foreground joins the container's pseudo-terminal to ours; it cannot work without one.
        if (tty && !Terminals.available()) {
            err.println("jbuild run: -t needs a terminal: none of standard input, output or error is one and there is "
                    + "no controlling terminal (leave out -t, or use -i alone to pipe input)");
            return 125;
        }
        RunOptions options;
        try {
            options = new RunOptions(image, command, Optional.ofNullable(entrypoint), environment(),
                    Optional.ofNullable(user), Optional.ofNullable(workdir), mounts(), NetworkMode.parse(network));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        OutputSink sink = (stream, line) -> {
            PrintWriter w = stream == OutputSink.Stream.STDOUT ? out : err;
            w.println(line);
            w.flush();
        };
        ContainerIo io = interactive || tty ? new ContainerIo.Inherited(interactive, tty) : new ContainerIo.Captured(sink);
        try {
            return new ContainerRunner(storeOptions.open()).run(options, io);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } catch (IllegalArgumentException | io.jbuild.core.store.StoreException e) {
            err.println("jbuild run: " + e.getMessage());
            return 125; // docker run's code for "the container could not be run"
        } catch (IOException e) {
            err.println("jbuild run: " + image + ": " + e.getMessage());
            return 125;
        }
    }

    private List<String> environment() throws IOException {
        List<String> all = new ArrayList<>();
        for (Path f : envFiles) {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    all.add(t);
                }
            }
        }
        for (String e : env) {
            if (e.contains("=")) {
                all.add(e);
            } else if (System.getenv(e) != null) {
                all.add(e + "=" + System.getenv(e));
            }
        }
        return all;
    }

    private List<ContainerMount> mounts() {
        List<ContainerMount> out = new ArrayList<>();
        for (String v : volumes) {
            String[] parts = v.split(":");
            if (parts.length < 2 || parts.length > 3 || !parts[0].startsWith("/") || !parts[1].startsWith("/")) {
                throw new IllegalArgumentException("invalid -v \"" + v + "\": use /host/path:/container/path[:ro]");
            }
            boolean ro = parts.length == 3 && parts[2].equals("ro");
            if (parts.length == 3 && !ro && !parts[2].equals("rw")) {
                throw new IllegalArgumentException("invalid -v \"" + v + "\": the mode is ro or rw");
            }
            out.add(new ContainerMount.Bind(parts[1], Path.of(parts[0]), ro));
        }
        return out;
    }
}
