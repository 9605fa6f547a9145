package io.jbuild.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jbuild.core.image.ContainerConfig;
import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.image.ImageConfig;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.core.image.MediaTypes;
import io.jbuild.core.image.OciJson;
import io.jbuild.core.image.Platform;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Independent validation: other OCI tools read the store directly. A tiny busybox image is built in the store
 * from a busybox-static rootfs layer; skopeo inspects it and umoci unpacks it into a runnable bundle.
 * Skipped when skopeo, umoci, tar or busybox are not installed (CI installs them).
 */
class OciLayoutToolsTest {

    private static final String NAME = "docker.io/library/busybox-test:1.0";

    @TempDir
    Path dir;

    private record Result(int exitCode, String out) {
    }

    private static Optional<Path> onPath(String program) {
        for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(p, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    private static Path busybox() {
        Optional<Path> b = onPath("busybox");
        assumeTrue(b.isPresent(), "busybox (busybox-static) is not installed");
        return b.get();
    }

    /** Builds busybox-test:1.0 in a store at {@code root}: one gzip layer with /bin/busybox and /bin/sh. */
    private Descriptor buildBusyboxImage(ImageStore store) throws Exception {
        Path rootfs = dir.resolve("rootfs");
        Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(busybox(), rootfs.resolve("bin/busybox"));
        Files.createSymbolicLink(rootfs.resolve("bin/sh"), Path.of("busybox"));
        Path tar = dir.resolve("layer.tar");
        Result tarred = run(List.of("tar", "--numeric-owner", "--owner=0", "--group=0", "-C", rootfs.toString(),
                "-cf", tar.toString(), "bin"));
        assertThat(tarred.exitCode()).as(tarred.out()).isZero();

        Digest diffId;
        try (InputStream in = Files.newInputStream(tar)) {
            diffId = Digest.of(in);
        }
        BlobInfo layer;
        try (BlobWriter w = store.blobs().writer()) {
            GZIPOutputStream gz = new GZIPOutputStream(w, 64 * 1024);
            Files.copy(tar, gz);
            gz.finish(); // not close(): that would close (and so discard) the writer before the commit
            layer = w.commit();
        }
        Platform platform = Platform.of("linux", Platform.host().architecture(), Platform.host().variant());
        ContainerConfig run = ContainerConfig.empty()
                .withEnv(List.of("PATH=/bin"))
                .withCmd(List.of("/bin/busybox", "echo", "hello from jbuild"));
        ImageConfig config = ImageConfig.of(platform, run, List.of(diffId))
                .withCreated(Instant.parse("2024-01-01T00:00:00Z"))
                .withHistory(List.of(ImageConfig.History.of("2024-01-01T00:00:00Z", "COPY busybox /bin/", false)));
        Descriptor image = store.putImage(config, List.of(layer.descriptor(MediaTypes.OCI_LAYER_GZIP)));
        store.tag(ImageReference.parse(NAME), image);
        return image;
    }

    @Test
    void skopeoInspectsTheStore() throws Exception {
        Optional<Path> skopeo = onPath("skopeo");
        assumeTrue(skopeo.isPresent() && onPath("tar").isPresent(), "skopeo is not installed");
        ImageStore store = ImageStore.open(dir.resolve("store"));
        Descriptor image = buildBusyboxImage(store);
        ResolvedImage resolved = store.resolve("busybox-test:1.0");
        String layout = "oci:" + store.layoutDir() + ":" + NAME;

        Result inspect = run(List.of(skopeo.get().toString(), "inspect", layout));
        assertThat(inspect.exitCode()).as(inspect.out()).isZero();
        JsonNode json = OciJson.readTree(inspect.out().getBytes(StandardCharsets.UTF_8));
        assertThat(json.path("Digest").asText()).isEqualTo(image.digest().toString());
        List<String> layers = new ArrayList<>();
        json.path("Layers").forEach(n -> layers.add(n.asText()));
        assertThat(layers).containsExactly(resolved.manifest().layers().get(0).digest().toString());
        assertThat(json.path("Architecture").asText()).isEqualTo(Platform.host().architecture());
        assertThat(json.path("Os").asText()).isEqualTo("linux");
        assertThat(json.path("Created").asText()).startsWith("2024-01-01T00:00:00");

        Result raw = run(List.of(skopeo.get().toString(), "inspect", "--raw", layout));
        assertThat(Digest.of(raw.out().getBytes(StandardCharsets.UTF_8))).isEqualTo(image.digest());
        Result config = run(List.of(skopeo.get().toString(), "inspect", "--config", "--raw", layout));
        assertThat(Digest.of(config.out().getBytes(StandardCharsets.UTF_8))).isEqualTo(resolved.imageId());
    }

    @Test
    void umociUnpacksARunnableBundle() throws Exception {
        Optional<Path> umoci = onPath("umoci");
        assumeTrue(umoci.isPresent() && onPath("tar").isPresent(), "umoci is not installed");
        ImageStore store = ImageStore.open(dir.resolve("store"));
        buildBusyboxImage(store);
        Path bundle = dir.resolve("bundle");
        List<String> command = new ArrayList<>(List.of(umoci.get().toString(), "unpack"));
        if (!"root".equals(System.getProperty("user.name"))) {
            command.add("--rootless");
        }
        command.addAll(List.of("--image", store.layoutDir() + ":" + NAME, bundle.toString()));
        Result unpack = run(command);
        assertThat(unpack.exitCode()).as(unpack.out()).isZero();
        Path busybox = bundle.resolve("rootfs/bin/busybox");
        assertThat(busybox).isRegularFile().isExecutable();
        assertThat(Files.readSymbolicLink(bundle.resolve("rootfs/bin/sh"))).isEqualTo(Path.of("busybox"));
        JsonNode runtime = OciJson.readTree(Files.readAllBytes(bundle.resolve("config.json")));
        assertThat(runtime.path("process").path("args").get(2).asText()).isEqualTo("hello from jbuild");
        Result hello = run(List.of(busybox.toString(), "echo", "hello"));
        assertThat(hello.out().trim()).isEqualTo("hello");
        // umoci only read the layout: our store is as it was.
        assertThat(store.list()).singleElement().satisfies(s -> assertThat(s.refName()).isEqualTo(NAME));
        assertThat(store.prune(Duration.ZERO).deletedBlobs()).isEmpty();
    }

    @Test
    void skopeoReadsSavedArchivesAndWeLoadWhatSkopeoWrites() throws Exception {
        Optional<Path> skopeo = onPath("skopeo");
        assumeTrue(skopeo.isPresent() && onPath("tar").isPresent(), "skopeo is not installed");
        ImageStore store = ImageStore.open(dir.resolve("store"));
        Descriptor image = buildBusyboxImage(store);
        ResolvedImage resolved = store.resolve(NAME);
        Path docker = dir.resolve("busybox.tar");
        Path oci = dir.resolve("busybox-oci.tar");
        try (var out = Files.newOutputStream(docker)) {
            new ArchiveWriter(store).write(List.of(NAME), ArchiveFormat.DOCKER, out);
        }
        try (var out = Files.newOutputStream(oci)) {
            new ArchiveWriter(store).write(List.of(NAME), ArchiveFormat.OCI, out);
        }

        Result inspect = run(List.of(skopeo.get().toString(), "inspect", "docker-archive:" + docker));
        assertThat(inspect.exitCode()).as(inspect.out()).isZero();
        JsonNode json = OciJson.readTree(inspect.out().getBytes(StandardCharsets.UTF_8));
        // skopeo names docker-archive layers by their uncompressed digest (the diff ID).
        assertThat(json.path("Layers").get(0).asText()).isEqualTo(resolved.config().rootfs().diffIds().get(0).toString());
        assertThat(json.path("Architecture").asText()).isEqualTo(Platform.host().architecture());
        Result copy = run(List.of(skopeo.get().toString(), "copy", "docker-archive:" + docker,
                "oci:" + dir.resolve("copied") + ":x"));
        assertThat(copy.exitCode()).as("skopeo reads every layer: " + copy.out()).isZero();

        Result ociInspect = run(List.of(skopeo.get().toString(), "inspect", "oci-archive:" + oci + ":" + NAME));
        assertThat(ociInspect.exitCode()).as(ociInspect.out()).isZero();
        assertThat(OciJson.readTree(ociInspect.out().getBytes(StandardCharsets.UTF_8)).path("Digest").asText())
                .isEqualTo(image.digest().toString());

        // And the other way: an archive skopeo writes (classic docker save layout) loads into a new store.
        Path fromSkopeo = dir.resolve("from-skopeo.tar");
        Result write = run(List.of(skopeo.get().toString(), "copy", "oci:" + store.layoutDir() + ":" + NAME,
                "docker-archive:" + fromSkopeo + ":busybox-test:2.0"));
        assertThat(write.exitCode()).as(write.out()).isZero();
        ImageStore other = ImageStore.open(dir.resolve("other"));
        try (InputStream in = Files.newInputStream(fromSkopeo)) {
            LoadResult loaded = new ArchiveLoader(other).load(in);
            assertThat(loaded.tagged()).containsExactly(ImageReference.parse("busybox-test:2.0"));
        }
        ResolvedImage back = other.resolve("busybox-test:2.0");
        assertThat(back.config().rootfs().diffIds()).isEqualTo(resolved.config().rootfs().diffIds());
        assertThat(back.config().config().cmd()).containsExactly("/bin/busybox", "echo", "hello from jbuild");
    }
}
