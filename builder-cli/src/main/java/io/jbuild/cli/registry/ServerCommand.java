package io.jbuild.cli.registry;

import io.jbuild.cli.Failure;
import io.jbuild.cli.Subcommand;
import io.jbuild.grammar.reference.ImageReference;
import picocli.CommandLine.Parameters;

/** What login and logout share: the REGISTRY argument, which a failure names as {@link Failure#REGISTRY} says. */
abstract class ServerCommand extends Subcommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "REGISTRY", defaultValue = ImageReference.DEFAULT_REGISTRY,
            description = "The registry, e.g. ghcr.io or localhost:5000 (default: ${DEFAULT-VALUE}).")
    String server;

    ServerCommand(String name) {
        super(name, Failure.REGISTRY);
    }

    @Override
    protected final String subject() {
        return server;
    }
}
