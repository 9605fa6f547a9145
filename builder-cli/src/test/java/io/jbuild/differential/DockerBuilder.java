package io.jbuild.differential;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference: docker 20.10's BuildKit ({@code DOCKER_BUILDKIT=1 docker build --network host}), without cache,
 * saved with {@code docker save} and removed again.
 */
final class DockerBuilder implements Builder {

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

    private final Peers peers;
    private final Path logs;

    /** @param logs where the logs of commands outside a case go */
    DockerBuilder(Peers peers, Path logs) {
        this.peers = peers;
        this.logs = logs;
    }

    @Override
    public String name() {
        return "docker";
    }

    /**
     * Loads the base and empties the build cache: docker 20.10's {@code --no-cache} still reuses some steps
     * (WORKDIR), whose file times would then come from an earlier run.
     */
    @Override
    public void loadBase(Path archive, String archivedName, String name) throws IOException {
        Path log = logs.resolve("docker-load.log");
        check(command(List.of("load", "-q", "-i", archive.toString()), log));
        check(command(List.of("tag", archivedName, name), log));
        check(command(List.of("builder", "prune", "-a", "-f"), log.resolveSibling("docker-prune.log")));
    }

    /** The ID docker gives an image. */
    String imageId(String name, Path log) throws IOException {
        Processes.Outcome o = command(List.of("image", "inspect", "--format", "{{.Id}}", name), log);
        check(o);
        return o.output().strip();
    }

    @Override
    public Build build(CaseSpec spec, Path context, Path archive, Path log) throws IOException {
        List<String> args = new ArrayList<>(List.of(peers.docker(), "build", "--no-cache", "--network", "host",
                "--progress", "plain"));
        args.addAll(spec.fileArgs());
        args.addAll(List.of("-t", spec.tag()));
        spec.buildArgs().forEach((k, v) -> args.addAll(List.of("--build-arg", k + "=" + v)));
        spec.target().ifPresent(t -> args.addAll(List.of("--target", t)));
        args.add(context.toString());
        long t0 = System.nanoTime();
        Processes.Outcome o = Processes.run(args, peers.dockerEnv(), BUILD_TIMEOUT, log);
        Duration time = Duration.ofNanos(System.nanoTime() - t0);
        if (!o.ok()) {
            return new Build(false, o.output(), time);
        }
        try {
            check(command(List.of("save", "-o", archive.toString(), spec.tag()), log.resolveSibling("docker-save.log")));
        } finally {
            command(List.of("rmi", spec.tag()), log.resolveSibling("docker-rmi.log"));
        }
        return new Build(true, o.output(), time);
    }

    private Processes.Outcome command(List<String> args, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(peers.docker());
        cmd.addAll(args);
        return Processes.run(cmd, peers.dockerEnv(), COMMAND_TIMEOUT, log);
    }

    private static void check(Processes.Outcome o) throws IOException {
        if (!o.ok()) {
            throw new IOException("docker failed (exit " + o.exitCode() + "): " + o.output().strip());
        }
    }
}
