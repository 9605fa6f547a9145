package io.jbuild.cli.registry;

import io.jbuild.cli.JbuildCommand;
import io.jbuild.core.registry.DockerConfigFile;
import io.jbuild.core.registry.RegistryOptions;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every registry command shares: where docker's config lives and which registries are insecure. */
public final class RegistryCliOptions {

    @Mixin
    DockerConfigOption config;

    @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]",
            description = {"Allow plain HTTP or unverified TLS for this",
                "registry; repeatable. Always allowed: localhost,",
                "127.0.0.1."})
    List<String> insecureRegistries = List.of();

    /** Options for this invocation: this process's environment, with {@code --config} as {@code DOCKER_CONFIG}. */
    RegistryOptions options() {
        return options(config.dir, insecureRegistries);
    }

    static RegistryOptions options(Path configDir, List<String> insecureRegistries) {
        Map<String, String> env = new HashMap<>(System.getenv());
        if (configDir != null) {
            env.put(DockerConfigFile.ENV, configDir.toAbsolutePath().toString());
        }
        RegistryOptions defaults = RegistryOptions.defaults();
        return defaults.withEnvironment(env, defaults.home())
                .withInsecureRegistries(new LinkedHashSet<>(insecureRegistries))
                .withUserAgent("jbuild/" + JbuildCommand.Version.number());
    }
}
