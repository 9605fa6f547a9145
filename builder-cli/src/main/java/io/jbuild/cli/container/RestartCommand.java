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

/** {@code jbuild restart}: Stop, then start containers again, as docker restart. */
@Command(name = "restart", mixinStandardHelpOptions = true, description = {"Stop, then start containers again, as docker restart."})
public final class RestartCommand implements Callable<Integer> {

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
        return EachContainer.run(spec, store, "restart", refs, (containers, ref) -> {
            containers.restart(ref, seconds);
            return ref;
        });
    }
}
