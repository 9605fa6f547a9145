package io.jbuild.core.registry;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jbuild.core.build.BuildListener;
import io.jbuild.core.build.BuildRequest;
import io.jbuild.core.build.ImageBuilder;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.core.store.ImageStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Images the registry tests push and pull, made by our own build engine. */
final class TestImages {

    static final Path BUSYBOX = Path.of("/bin/busybox");

    private TestImages() {
    }

    /**
     * Builds {@code FROM scratch} + {@code COPY busybox /bin/busybox} (busybox-static) into {@code store}, tagged
     * {@code tag}; with {@code extraBytes > 0} a second layer of that many incompressible bytes.
     */
    static void busybox(ImageStore store, Path work, String tag, int extraBytes) throws Exception {
        assumeTrue(Files.isRegularFile(BUSYBOX), "busybox-static is installed by .ci/run");
        Path context = Files.createDirectories(work.resolve("context-" + Math.abs(tag.hashCode())));
        Files.copy(BUSYBOX, context.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
        StringBuilder dockerfile = new StringBuilder("""
                FROM scratch
                COPY busybox /bin/busybox
                ENV PATH=/bin
                CMD ["/bin/busybox", "sh"]
                """);
        if (extraBytes > 0) {
            byte[] data = new byte[extraBytes];
            new Random(extraBytes).nextBytes(data);
            Files.write(context.resolve("blob.bin"), data);
            dockerfile.append("COPY blob.bin /data/blob.bin\n");
        }
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        BuildRequest request = BuildRequest.builder(context).tags(List.of(tag))
                .sourceDateEpoch(Instant.ofEpochSecond(1_700_000_000)).build();
        new ImageBuilder(store, null, 1).build(request, BuildListener.SILENT);
    }

    /** Options for tests: no docker config of the user's, quick retries. */
    static RegistryOptions options(Path home) {
        return RegistryOptions.defaults()
                .withEnvironment(Map.of(), home)
                .withRetry(new RetryPolicy(4, Duration.ofMillis(50), Duration.ofMillis(400)));
    }

    /** Options whose docker config directory is {@code dockerConfigDir} ($DOCKER_CONFIG). */
    static RegistryOptions options(Path home, Path dockerConfigDir) {
        return options(home).withEnvironment(Map.of(DockerConfigFile.ENV, dockerConfigDir.toString()), home);
    }

    static ImageReference ref(String text) {
        return ImageReference.parse(text);
    }

    static ImageStore store(Path dir) throws IOException {
        return ImageStore.open(dir);
    }
}
