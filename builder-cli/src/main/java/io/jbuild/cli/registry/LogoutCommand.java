package io.jbuild.cli.registry;

import io.jbuild.core.registry.RegistryEndpoint;
import io.jbuild.core.registry.RegistryLogin;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code jbuild logout}: forget the credentials docker's config.json holds for a registry. */
@Command(name = "logout",
        mixinStandardHelpOptions = true,
        description = {"Remove the credentials of a registry.",
            "Deletes what docker's config.json holds for REGISTRY (default: Docker Hub, docker.io)."})
public final class LogoutCommand extends ServerCommand {

    @Mixin
    DockerConfigOption config;

    public LogoutCommand() {
        super("logout");
    }

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws IOException {
        String name = RegistryEndpoint.normalizeRegistry(server);
        boolean removed = new RegistryLogin(RegistryCliOptions.options(config.dir, List.of())).logout(server);
        out.println(removed ? "Removing login credentials for " + name : "Not logged in to " + name);
        return 0;
    }
}
