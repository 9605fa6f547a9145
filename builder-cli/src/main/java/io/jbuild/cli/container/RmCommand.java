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

/** {@code jbuild rm}: Remove containers, their written files, log and network, as docker rm. */
@Command(name = "rm", mixinStandardHelpOptions = true, description = {"Remove containers, their written files, log and network, as docker rm."})
public final class RmCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = {"-f", "--force"}, description = "Kill a running container first.")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER", description = "Full ID, unique ID prefix or name.")
    List<String> refs;

    @Override
    public Integer call() {
        return EachContainer.run(spec, store, "rm", refs, (containers, ref) -> {
            containers.remove(ref, force);
            return ref;
        });
    }
}
