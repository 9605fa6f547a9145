package io.jbuild.cli.registry;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config}: where docker's config.json (the credentials) lives, for every command that reads it. */
public final class DockerConfigOption {

    @Option(names = "--config", paramLabel = "DIR",
            description = {"The directory of docker's config.json (credentials).",
                "Default: $DOCKER_CONFIG, else ~/.docker"})
    Path dir;
}
