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

/** {@code jbuild stop}: Stop running containers: the image's STOPSIGNAL (SIGTERM by default), then SIGKILL after the timeout, as docker stop. */
@Command(name = "stop", mixinStandardHelpOptions = true, description = {"Stop running containers: the image's STOPSIGNAL (SIGTERM by default), then SIGKILL after the timeout, as docker stop."})
public final class StopCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = {"-t", "--time"}, paramLabel = "SECONDS", description = "Seconds to wait before SIGKILL (default 10).")
    int seconds = -1;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER", description = "Full ID, unique ID prefix or name.")
    List<String> refs;

    @Override
    public Integer call() {
        return EachContainer.run(spec, store, "stop", refs, (containers, ref) -> {
            containers.stop(ref, seconds);
            return ref;
        });
    }
}
