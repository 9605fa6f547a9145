package io.jbuild.cli.container;

import io.jbuild.cli.image.StoreOptions;
import io.jbuild.core.container.Container;
import io.jbuild.core.container.Containers;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jbuild kill}: Send a signal (SIGKILL by default) to running containers, as docker kill. */
@Command(name = "kill", mixinStandardHelpOptions = true, description = {"Send a signal (SIGKILL by default) to running containers, as docker kill."})
public final class KillCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL", description = "A name (KILL, SIGTERM, HUP...) or number.")
    String signal = "KILL";

    @Parameters(arity = "1..*", paramLabel = "CONTAINER", description = "Full ID, unique ID prefix or name.")
    List<String> refs;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Containers containers;
        try {
            containers = new Containers(store.open());
        } catch (IOException | RuntimeException e) {
            return Errors.report(err, "kill", e);
        }
        int exit = 0;
        for (String ref : refs) {
            try {
                containers.kill(ref, signal);
                out.println(ref);
            } catch (IOException | RuntimeException e) {
                exit = Errors.report(err, "kill", e);
            }
            out.flush();
        }
        return exit;
    }
}
