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
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Containers containers;
        try {
            containers = new Containers(store.open());
        } catch (IOException | RuntimeException e) {
            return Errors.report(err, "wait", e);
        }
        int exit = 0;
        for (String ref : refs) {
            try {
                out.println(containers.await(ref));
            } catch (IOException | RuntimeException e) {
                exit = Errors.report(err, "wait", e);
            }
            out.flush();
        }
        return exit;
    }
}
