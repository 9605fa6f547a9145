package io.jbuild.cli.registry;

import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.core.registry.RegistryEndpoint;
import io.jbuild.core.registry.RegistryLogin;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jbuild logout}: forget the credentials docker's config.json holds for a registry. */
@Command(name = "logout",
        mixinStandardHelpOptions = true,
        description = {"Remove the credentials of a registry.",
            "Deletes what docker's config.json holds for REGISTRY (default: Docker Hub, docker.io)."})
public final class LogoutCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "DIR",
            description = {"The directory of docker's config.json.",
                "Default: $DOCKER_CONFIG, else ~/.docker"})
    Path configDir;

    @Parameters(index = "0", arity = "0..1", paramLabel = "REGISTRY", defaultValue = ImageReference.DEFAULT_REGISTRY,
            description = "The registry, e.g. ghcr.io or localhost:5000 (default: ${DEFAULT-VALUE}).")
    String server;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            String name = RegistryEndpoint.normalizeRegistry(server);
            boolean removed = new RegistryLogin(RegistryCliOptions.options(configDir, List.of())).logout(server);
            out.println(removed ? "Removing login credentials for " + name : "Not logged in to " + name);
            out.flush();
            return 0;
        } catch (IOException | RuntimeException e) {
            return Failures.report(err, "logout", server, e);
        }
    }
}
