package io.jbuild.core.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The one set-up of the test registries (core's {@link LocalRegistry}, the Maven plugin's integration-test
 * registry): Debian's {@code docker-registry} (CNCF Distribution) with a configuration of our own, on 127.0.0.1 at
 * a port the kernel picks, storage under the given directory, optionally behind htpasswd (bcrypt).
 */
public final class RegistryConfig {

    public static final Path BINARY = Path.of("/usr/bin/docker-registry");
    public static final Path HTPASSWD = Path.of("/usr/bin/htpasswd");
    /** The log line that says where it listens; group 1 is {@code 127.0.0.1:PORT}. */
    public static final Pattern LISTENING = Pattern.compile("listening on (127\\.0\\.0\\.1:\\d+)");

    private RegistryConfig() {
    }

    /**
     * Writes {@code config.yml} (and {@code htpasswd} when {@code user} is not null) under {@code dir}; returns the
     * configuration's path. {@code name} is the HTTP secret and the auth realm.
     */
    public static Path write(Path dir, String name, String user, String password) throws IOException,
            InterruptedException {
        Files.createDirectories(dir);
        StringBuilder config = new StringBuilder("""
                version: 0.1
                log:
                  level: info
                  accesslog:
                    disabled: true
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:0
                  secret: %s
                """.formatted(dir.resolve("data"), name));
        if (user != null) {
            Process h = new ProcessBuilder(HTPASSWD.toString(), "-Bbn", user, password).start();
            String line = new String(h.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!h.waitFor(30, TimeUnit.SECONDS) || h.exitValue() != 0 || !line.startsWith(user + ":$2")) {
                throw new IllegalStateException("htpasswd -Bbn failed: " + line);
            }
            Files.writeString(dir.resolve("htpasswd"), line + "\n");
            config.append("""
                    auth:
                      htpasswd:
                        realm: %s
                        path: %s
                    """.formatted(name, dir.resolve("htpasswd")));
        }
        Path file = dir.resolve("config.yml");
        Files.writeString(file, config);
        return file;
    }

    /** {@code docker-registry serve CONFIG} after {@code prefix}, its output merged into one stream. */
    public static ProcessBuilder serve(List<String> prefix, Path config) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(BINARY.toString(), "serve", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        // Only our file configures it: REGISTRY_* variables of the environment would override it.
        pb.environment().keySet().removeIf(k -> k.startsWith("REGISTRY_"));
        return pb;
    }
}
