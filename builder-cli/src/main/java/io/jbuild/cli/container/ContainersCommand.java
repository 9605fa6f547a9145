package io.jbuild.cli.container;

import io.jbuild.cli.image.StoreOptions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** What kill, restart and wait share: the store, one or more containers, each done as {@link EachContainer} says. */
abstract class ContainersCommand implements Callable<Integer>, EachContainer.Action {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER", description = "Full ID, unique ID prefix or name.")
    List<String> refs;

    private final String name;

    ContainersCommand(String name) {
        this.name = name;
    }

    @Override
    public final Integer call() {
        return EachContainer.run(spec, store.root(), name, refs, this);
    }
}
