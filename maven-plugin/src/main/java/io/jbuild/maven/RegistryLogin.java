package io.jbuild.maven;

import io.jbuild.core.registry.DockerConfigFile;
import io.jbuild.core.registry.RegistryOptions;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The registry options for talking to one registry, with a settings.xml login when there is one.
 *
 * <p>The core reads credentials only from a docker config file (then credential helpers), so a settings.xml login
 * is handed to it as a config file of its own: a temporary directory (0700) holding a {@code config.json} (0600)
 * with only that registry's {@code auths} entry, named by {@code DOCKER_CONFIG} in the options' environment, and
 * deleted on {@link #close()}. The user's own config and helpers are then not consulted for that registry, which
 * gives settings.xml precedence. Without a login the options are left as they are: docker config and helpers, as
 * the CLI uses them.
 */
final class RegistryLogin implements AutoCloseable {

    private final RegistryOptions options;
    private final Path tempDir;

    private RegistryLogin(RegistryOptions options, Path tempDir) {
        this.options = options;
        this.tempDir = tempDir;
    }

    static RegistryLogin open(RegistryOptions base, String registry, Optional<SettingsCredentials.Login> login)
            throws IOException {
        if (login.isEmpty()) {
            return new RegistryLogin(base, null);
        }
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path dir = posix
                ? Files.createTempDirectory("jbuild-maven-auth-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                : Files.createTempDirectory("jbuild-maven-auth-");
        try {
            new DockerConfigFile(dir.resolve("config.json")).putAuth(registry, login.get().username(),
                    login.get().password());
            Map<String, String> env = new HashMap<>(base.environment());
            env.put(DockerConfigFile.ENV, dir.toString());
            return new RegistryLogin(base.withEnvironment(env, base.home()), dir);
        } catch (IOException | RuntimeException e) {
            delete(dir);
            throw e;
        }
    }

    RegistryOptions options() {
        return options;
    }

    @Override
    public void close() throws IOException {
        if (tempDir != null) {
            delete(tempDir);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> all = files.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }
}
