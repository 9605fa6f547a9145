package io.jbuild.cli.container;

import io.jbuild.core.container.Containers;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jbuild restart}: Stop, then start containers again, as docker restart. */
@Command(name = "restart", mixinStandardHelpOptions = true, description = {"Stop, then start containers again, as docker restart."})
public final class RestartCommand extends ContainersCommand {

    @Option(names = {"-t", "--time"}, paramLabel = "SECONDS", description = "Seconds to wait before SIGKILL (default 10).")
    int seconds = -1;

    public RestartCommand() {
        super("restart");
    }

    @Override
    public Object apply(Containers containers, String ref) throws IOException {
        containers.restart(ref, seconds);
        return ref;
    }
}
