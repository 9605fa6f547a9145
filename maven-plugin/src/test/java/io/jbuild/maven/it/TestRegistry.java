package io.jbuild.maven.it;

import io.jbuild.core.registry.RegistryConfig;
import io.jbuild.core.build.BuildListener;
import io.jbuild.core.build.BuildRequest;
import io.jbuild.core.build.ImageBuilder;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.core.registry.DockerConfigFile;
import io.jbuild.core.registry.ImagePusher;
import io.jbuild.core.registry.RegistryOptions;
import io.jbuild.core.registry.TransferListener;
import io.jbuild.core.store.ImageStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

/**
 * A registry for one integration test: Debian's {@code docker-registry} (CNCF Distribution) on 127.0.0.1, a port
 * the kernel picks, htpasswd (bcrypt) authentication, everything under the test project's directory. The pre-build
 * script starts it and the post-build script stops it: they run as separate scripts, so the process is found
 * again through a pid file. {@code timeout} ends it anyway after a while, should the post-build script not run.
 */
public final class TestRegistry {

    private static final int LIFETIME_SECONDS = 300;

    private TestRegistry() {
    }

    public static boolean available() {
        return Files.isExecutable(RegistryConfig.BINARY) && Files.isExecutable(RegistryConfig.HTPASSWD);
    }

    /** Starts it under {@code dir}; returns {@code 127.0.0.1:PORT}. */
    public static String start(Path dir, String user, String password) throws IOException, InterruptedException {
        Path config = RegistryConfig.write(dir, "jbuild-maven-it", user, password);
        Path log = dir.resolve("registry.log");
        ProcessBuilder pb = RegistryConfig.serve(List.of("timeout", String.valueOf(LIFETIME_SECONDS)), config)
                .redirectOutput(log.toFile());
        Process p = pb.start();
        Files.writeString(dir.resolve("registry.pid"), String.valueOf(p.pid()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Matcher m = RegistryConfig.LISTENING.matcher(Files.readString(log));
            if (m.find()) {
                return m.group(1);
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new IllegalStateException("docker-registry did not start:\n" + Files.readString(log));
    }

    /**
     * Pushes a small base image ({@code FROM scratch}, one file {@code /base.txt}) to {@code reference} on a
     * registry {@link #start} started, logging in with {@code user}/{@code password} through a docker config of its
     * own under {@code work}. Builds that name it must pull it with credentials.
     */
    public static void pushBaseImage(Path work, String reference, String user, String password) throws Exception {
        Path context = Files.createDirectories(work.resolve("base-context"));
        Files.writeString(context.resolve("base.txt"), "from the base image\n");
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY base.txt /base.txt\n");
        ImageStore store = ImageStore.open(work.resolve("base-store"));
        new ImageBuilder(store, null, 1).build(BuildRequest.builder(context)
                .tags(List.of(reference)).build(), BuildListener.SILENT);
        Path config = Files.createDirectories(work.resolve("base-docker-config"));
        new DockerConfigFile(config.resolve("config.json")).putAuth(
                ImageReference.parse(reference).registry(), user, password);
        RegistryOptions options = RegistryOptions.defaults()
                .withEnvironment(Map.of(DockerConfigFile.ENV, config.toString()),
                        work);
        new ImagePusher(store, options).push(ImageReference.parse(reference),
                new TransferListener() { });
    }

    /**
     * Writes {@code target}: the tests' settings {@code base} (the file:// mirror) plus a server entry with
     * {@code user}/{@code password} for the registry {@code host}, as a project's settings.xml logs in to one.
     */
    public static void writeSettings(Path base, Path target, String host, String user, String password)
            throws IOException {
        String settings = Files.readString(base);
        Files.writeString(target, settings.replace("</settings>", """
                  <servers>
                    <server>
                      <id>%s</id>
                      <username>%s</username>
                      <password>%s</password>
                    </server>
                  </servers>
                </settings>
                """.formatted(host, user, password)));
    }

    /** Stops what {@link #start} started under {@code dir}, and its child. */
    public static void stop(Path dir) throws IOException {
        Path pid = dir.resolve("registry.pid");
        if (!Files.exists(pid)) {
            return;
        }
        ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(h -> {
            h.descendants().forEach(ProcessHandle::destroy);
            h.destroy();
        });
        Files.delete(pid);
    }
}
