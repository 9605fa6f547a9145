package io.jbuild.cli.container;

import io.jbuild.core.container.Containers;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jbuild kill}: Send a signal (SIGKILL by default) to running containers, as docker kill. */
@Command(name = "kill", mixinStandardHelpOptions = true, description = {"Send a signal (SIGKILL by default) to running containers, as docker kill."})
public final class KillCommand extends ContainersCommand {

    @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL", description = "A name (KILL, SIGTERM, HUP...) or number.")
    String signal = "KILL";

    public KillCommand() {
        super("kill");
    }

    @Override
    public Object apply(Containers containers, String ref) throws IOException {
        containers.kill(ref, signal);
        return ref;
    }
}
