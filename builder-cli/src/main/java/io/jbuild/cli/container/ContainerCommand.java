package io.jbuild.cli.container;

import io.jbuild.cli.Failure;
import io.jbuild.cli.Subcommand;
import io.jbuild.cli.image.StoreOptions;
import io.jbuild.core.container.Containers;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jbuild container}: docker's management command; {@code container prune} for now. */
@Command(name = "container", mixinStandardHelpOptions = true, description = "Manage containers.",
        subcommands = ContainerCommand.Prune.class)
public final class ContainerCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: try 'jbuild container prune'");
    }

    /** {@code container prune}: removes every container that is not running. */
    @Command(name = "prune", mixinStandardHelpOptions = true, description = "Remove all stopped containers.")
    public static final class Prune extends Subcommand {

        @Mixin
        StoreOptions store;

        @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation (jbuild never asks).")
        boolean force;

        public Prune() {
            super("container prune", Failure.CONTAINER);
        }

        @Override
        protected int run(PrintWriter out, PrintWriter err) throws IOException {
            List<String> removed = new Containers(store.open()).prune();
            out.println("Deleted Containers:");
            removed.forEach(out::println);
            out.println();
            return 0;
        }
    }
}
