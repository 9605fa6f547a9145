package io.jbuild.cli.container;

import io.jbuild.cli.image.StoreOptions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jbuild wait}: Wait until containers exit; print each exit code, as docker wait. */
@Command(name = "wait", mixinStandardHelpOptions = true, description = {"Wait until containers exit; print each exit code, as docker wait."})
public final class WaitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;


    @Parameters(arity = "1..*", paramLabel = "CONTAINER", description = "Full ID, unique ID prefix or name.")
    List<String> refs;

    @Override
    public Integer call() {
        return EachContainer.run(spec, store, "wait", refs, (containers, ref) -> containers.await(ref));
    }
}
