package io.jbuild.cli.container;

import io.jbuild.cli.image.StoreOptions;
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
        return EachContainer.run(spec, store, "kill", refs, (containers, ref) -> {
            containers.kill(ref, signal);
            return ref;
        });
    }
}
