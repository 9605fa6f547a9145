package io.jbuild.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.ResolvedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** skopeo and umoci, independent of our code, read the images we build (the CI installs both). */
class IndependentToolsTest {

    @TempDir
    Path tmp;

    private static boolean installed(String tool) {
        return Files.isExecutable(Path.of("/usr/bin", tool));
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
        return out;
    }

    @Test
    void skopeoAndUmociReadABusyboxImageWeBuilt() throws Exception {
        assumeTrue(installed("skopeo") && installed("umoci"), "skopeo and umoci are installed by .ci/run");
        assumeTrue(Files.isRegularFile(Path.of("/bin/busybox")), "busybox-static is installed by .ci/run");
        Path context = Files.createDirectories(tmp.resolve("ctx"));
        Files.copy(Path.of("/bin/busybox"), context.resolve("busybox"));
        Files.writeString(context.resolve("motd"), "hello from jbuild\n");
        Files.writeString(context.resolve("Dockerfile"), """
                FROM scratch
                COPY busybox /bin/busybox
                COPY --chmod=0600 motd /etc/motd
                ENV PATH=/bin
                LABEL org.opencontainers.image.title=bb
                CMD ["/bin/busybox", "sh"]
                """);
        ImageStore store = ImageStore.open(tmp.resolve("store"));
        new ImageBuilder(store, null, 1).build(BuildRequest.builder(context).tags(List.of("bb:1")).build(),
                BuildListener.SILENT);
        ResolvedImage image = store.resolve("bb:1");

        String ref = "oci:" + store.layoutDir() + ":docker.io/library/bb:1";
        JsonNode inspect = new ObjectMapper().readTree(run("skopeo", "inspect", ref));
        assertThat(inspect.path("Digest").asText()).isEqualTo(image.manifestDescriptor().digest().toString());
        assertThat(inspect.path("Layers")).hasSize(2);
        assertThat(inspect.path("Env").get(0).asText()).isEqualTo("PATH=/bin");
        assertThat(inspect.path("Labels").path("org.opencontainers.image.title").asText()).isEqualTo("bb");
        JsonNode config = new ObjectMapper().readTree(run("skopeo", "inspect", "--config", ref));
        assertThat(config.path("config").path("Cmd").get(1).asText()).isEqualTo("sh");

        Path bundle = tmp.resolve("bundle");
        run("umoci", "unpack", "--image", store.layoutDir() + ":docker.io/library/bb:1", bundle.toString());
        Path busybox = bundle.resolve("rootfs/bin/busybox");
        assertThat(Files.isExecutable(busybox)).isTrue();
        assertThat(Files.mismatch(busybox, Path.of("/bin/busybox"))).isEqualTo(-1L);
        assertThat(bundle.resolve("rootfs/etc/motd")).hasContent("hello from jbuild");
        assertThat(run("stat", "-c", "%a", bundle.resolve("rootfs/etc/motd").toString()).strip()).isEqualTo("600");
        assertThat(run(busybox.toString(), "echo", "runs")).isEqualTo("runs\n");
    }
}
