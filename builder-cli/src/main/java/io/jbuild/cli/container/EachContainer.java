package io.jbuild.cli.container;

import io.jbuild.cli.Failure;
import io.jbuild.cli.image.StoreOptions;
import io.jbuild.core.container.Containers;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The loop docker's container commands share ({@code stop a b c}): each reference in turn, its line printed when
 * the action succeeds, a failure reported without stopping the others, and exit 1 if any failed.
 */
final class EachContainer {

    /** What the command does to one container; returns the line to print. */
    @FunctionalInterface
    interface Action {
        Object apply(Containers containers, String ref) throws IOException;
    }

    private EachContainer() {
    }

    /** Runs {@code action} on each of {@code refs} in the store at {@code root} (the default one when null). */
    static int run(CommandSpec spec, Path root, String command, List<String> refs, Action action) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Containers containers;
        try {
            containers = new Containers(StoreOptions.open(root));
        } catch (IOException | RuntimeException e) {
            return Failure.CONTAINER.report(err, command, null, e);
        }
        int exit = 0;
        for (String ref : refs) {
            try {
                out.println(action.apply(containers, ref));
            } catch (IOException | RuntimeException e) {
                exit = Failure.CONTAINER.report(err, command, null, e);
            }
            out.flush();
        }
        return exit;
    }
}
