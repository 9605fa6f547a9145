package io.jbuild.cli.container;

import io.jbuild.core.container.Containers;
import java.io.IOException;
import picocli.CommandLine.Command;

/** {@code jbuild wait}: Wait until containers exit; print each exit code, as docker wait. */
@Command(name = "wait", mixinStandardHelpOptions = true, description = {"Wait until containers exit; print each exit code, as docker wait."})
public final class WaitCommand extends ContainersCommand {

    public WaitCommand() {
        super("wait");
    }

    @Override
    public Object apply(Containers containers, String ref) throws IOException {
        return containers.await(ref);
    }
}
