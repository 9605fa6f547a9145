package io.jbuild.cli.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jbuild.cli.BusyboxBase;
import io.jbuild.cli.CliRunner;
import io.jbuild.core.build.MultiPlatformBusybox;
import io.jbuild.core.emulation.Emulation;
import io.jbuild.core.image.Descriptor;
import io.jbuild.core.image.ImageIndex;
import io.jbuild.core.image.OciJson;
import io.jbuild.core.image.Platform;
import io.jbuild.core.registry.LocalRegistry;
import io.jbuild.core.snapshot.HostCommand;
import io.jbuild.core.store.ImageStore;
import io.jbuild.grammar.reference.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jbuild build --platform linux/amd64,linux/arm64} through the command line, and every command on its
 * result: images, inspect, run --platform (arm64 under QEMU), save, push and pull --platform; skopeo reads the store
 * and the registry.
 */
class MultiPlatformCliTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.open();

    private static final String BASE = "jbuild/busybox-multi:latest";

    @TempDir
    static Path tmp;
    static String root;
    static String image;

    @BeforeAll
    static void build() throws Exception {
        BusyboxBase.assumeTools("/usr/bin/skopeo");
        MultiPlatformBusybox.assumeAvailable();
        root = tmp.resolve("store").toString();
        MultiPlatformBusybox.build(ImageStore.open(Path.of(root)), tmp.resolve("base"), BASE);
        Path context = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(context.resolve("Dockerfile"), """
                FROM --platform=$BUILDPLATFORM %s AS build
                ARG TARGETARCH
                RUN echo "$TARGETARCH" > /arch
                FROM %s
                COPY --from=build /arch /arch
                """.formatted(BASE, BASE));
        image = REGISTRY.host() + "/multi/app:1";
        CliRunner.Outcome built = CliRunner.run("build", "--progress", "plain", "--root", root,
                "--iidfile", tmp.resolve("iid").toString(),
                "--platform", "linux/amd64,linux/arm64", "-t", image, context.toString());
        assertThat(built.exitCode()).as(built.err()).isZero();
        assertThat(built.err()).contains("[linux/arm64 build 3/3] RUN echo \"$TARGETARCH\" > /arch");
    }

    @AfterAll
    static void cleanUp() {
        BusyboxBase.removeContainers(root);
    }

    @Test
    void imagesListsTheIndexOnceAndInspectShowsItOrOnePlatformsConfig() throws Exception {
        CliRunner.Outcome images = CliRunner.run("images", "--root", root);
        assertThat(images.out().lines().filter(l -> l.startsWith(REGISTRY.host() + "/multi/app "))).hasSize(1);

        CliRunner.Outcome index = CliRunner.run("inspect", "--root", root, image);
        assertThat(index.exitCode()).as(index.err()).isZero();
        JsonNode json = OciJson.readTree(index.out().getBytes(StandardCharsets.UTF_8));
        assertThat(json.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.index.v1+json");
        assertThat(json.path("manifests").findValuesAsText("architecture")).containsExactly("amd64", "arm64");

        CliRunner.Outcome arm = CliRunner.run("inspect", "--root", root, "--platform", "linux/arm64", image);
        assertThat(arm.exitCode()).as(arm.err()).isZero();
        assertThat(OciJson.readTree(arm.out().getBytes(StandardCharsets.UTF_8)).path("architecture").asText())
                .isEqualTo("arm64");
    }

    @Test
    void theIndexDigestIsTheImageIdEverywhere() throws Exception {
        String id = Files.readString(tmp.resolve("iid"));
        String indexDigest = ImageStore.open(Path.of(root)).lookup(ImageReference.parse(image)).orElseThrow()
                .digest().toString();
        assertThat(id).isEqualTo(indexDigest);
        String shortId = id.substring("sha256:".length(), "sha256:".length() + 12);

        CliRunner.Outcome images = CliRunner.run("images", "--root", root, "--no-trunc", "--format",
                "{{.Repository}} {{.ID}}");
        assertThat(images.out().lines()).contains(REGISTRY.host() + "/multi/app " + id);
        CliRunner.Outcome quiet = CliRunner.run("images", "-q", "--root", root, REGISTRY.host() + "/multi/app");
        assertThat(quiet.out()).isEqualTo(shortId + "\n");
        for (String platform : List.of("linux/amd64", "linux/arm64")) {
            CliRunner.Outcome inspected = CliRunner.run("inspect", "--root", root, "--platform", platform, "-f",
                    "{{.Id}} {{.Architecture}} {{.RepoTags}}", image);
            assertThat(inspected.out().strip()).isEqualTo(id + " " + platform.substring(6) + " [" + image + "]");
        }

        // tag and rmi by that ID
        String copy = "multi/copy:by-id";
        CliRunner.Outcome tagged = CliRunner.run("tag", "--root", root, shortId, copy);
        assertThat(tagged.exitCode()).as(tagged.err()).isZero();
        CliRunner.Outcome copied = CliRunner.run("inspect", "--root", root, "-f", "{{.Id}}", copy);
        assertThat(copied.out().strip()).isEqualTo(id);
        CliRunner.Outcome refused = CliRunner.run("rmi", "--root", root, shortId);
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("unable to delete " + shortId + " (must be forced)");
        CliRunner.Outcome untagged = CliRunner.run("rmi", "--root", root, copy);
        assertThat(untagged.exitCode()).as(untagged.err()).isZero();
        assertThat(untagged.out()).isEqualTo("Untagged: " + copy + "\n");
    }

    @Test
    void anIndexWithoutThisMachinesPlatformGivesItsOnlyImageOrAnErrorNamingItsPlatforms() throws Exception {
        ImageStore store = ImageStore.open(Path.of(root));
        ImageIndex built = (ImageIndex) store.readManifest(store.lookup(ImageReference.parse(image)).orElseThrow());
        Descriptor arm = built.manifests().stream().filter(d -> d.platform().architecture().equals("arm64"))
                .findFirst().orElseThrow();
        store.tag(ImageReference.parse("foreign/one:1"), store.putManifest(ImageIndex.oci(List.of(arm))));
        store.tag(ImageReference.parse("foreign/two:1"), store.putManifest(ImageIndex.oci(
                List.of(arm, arm.withPlatform(Platform.parse("linux/riscv64"))))));
        String platforms = "available: linux/arm64, linux/riscv64";

        // several platforms, none this machine's: run and inspect -f refuse, naming them; inspect shows the index
        CliRunner.Outcome run = CliRunner.run("run", "--root", root, "--rm", "foreign/two:1", "true");
        assertThat(run.exitCode()).isEqualTo(125);
        assertThat(run.err()).contains("no matching manifest for " + Platform.host().format()).contains(platforms);
        CliRunner.Outcome field = CliRunner.run("inspect", "--root", root, "-f", "{{.Architecture}}", "foreign/two:1");
        assertThat(field.exitCode()).isNotZero();
        assertThat(field.err()).contains(platforms);
        CliRunner.Outcome index = CliRunner.run("inspect", "--root", root, "foreign/two:1");
        assertThat(index.exitCode()).as(index.err()).isZero();
        assertThat(OciJson.readTree(index.out().getBytes(StandardCharsets.UTF_8)).path("manifests")
                .findValuesAsText("architecture")).containsExactly("arm64", "riscv64");
        // save and -o write every platform it has (one directory each for type=local)
        Path tar = tmp.resolve("two.tar");
        CliRunner.Outcome saved = CliRunner.run("save", "--root", root, "-o", tar.toString(), "foreign/two:1");
        assertThat(saved.exitCode()).as(saved.err()).isZero();
        assertThat(entries(tar)).containsKey("manifest.json");
        Path ctx = Files.createDirectories(tmp.resolve("foreign-ctx"));
        Files.writeString(ctx.resolve("f"), "x");
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY f /f\n");
        Path local = tmp.resolve("foreign-local");
        CliRunner.Outcome exported = CliRunner.run("build", "--root", root, "--platform", "linux/arm64,linux/riscv64",
                "-o", "type=local,dest=" + local, ctx.toString());
        assertThat(exported.exitCode()).as(exported.err()).isZero();
        assertThat(local.resolve("linux_arm64/f")).hasContent("x");
        assertThat(local.resolve("linux_riscv64/f")).hasContent("x");

        // one platform: it is the image, as docker takes it (run warns, as docker's does)
        CliRunner.Outcome one = CliRunner.run("inspect", "--root", root, "-f", "{{.Architecture}}", "foreign/one:1");
        assertThat(one.out().strip()).isEqualTo("arm64");
        if (noProblem("linux/arm64")) {
            CliRunner.Outcome ran = CliRunner.run("run", "--root", root, "--rm", "foreign/one:1", "sh", "-c",
                    "uname -m; cat /arch");
            assertThat(ran.exitCode()).as(ran.err()).isZero();
            assertThat(ran.out()).isEqualTo("aarch64\narm64\n");
            assertThat(ran.err()).contains("WARNING: The requested image's platform (linux/arm64) does not match");
        }
    }

    @Test
    void skopeoReadsEachPlatformFromTheStore() throws Exception {
        String layout = "oci:" + root + "/oci:" + image;
        for (String arch : List.of("amd64", "arm64")) {
            String out = HostCommand.check(List.of("skopeo", "--override-arch", arch, "inspect", "--config", layout),
                    null, "skopeo inspect");
            assertThat(OciJson.readTree(out.getBytes(StandardCharsets.UTF_8)).path("architecture").asText())
                    .isEqualTo(arch);
        }
    }

    @Test
    void runPlatformArm64RunsTheArm64ImageUnderQemu() {
        assumeTrue(noProblem("linux/arm64"), "needs the aarch64 binfmt_misc handler .ci/run registers");
        CliRunner.Outcome arm = CliRunner.run("run", "--root", root, "--rm", "--platform", "linux/arm64", image,
                "sh", "-c", "uname -m; cat /arch");
        assertThat(arm.exitCode()).as(arm.err()).isZero();
        assertThat(arm.out()).isEqualTo("aarch64\narm64\n");
        CliRunner.Outcome host = CliRunner.run("run", "--root", root, "--rm", image, "sh", "-c", "uname -m; cat /arch");
        assertThat(host.exitCode()).as(host.err()).isZero();
        assertThat(host.out()).isEqualTo("x86_64\namd64\n");
    }

    @Test
    void saveWritesEveryPlatformAndSkopeoReadsTheArchive() throws Exception {
        Path tar = tmp.resolve("multi.tar");
        CliRunner.Outcome saved = CliRunner.run("save", "--root", root, "--format", "oci", "-o", tar.toString(), image);
        assertThat(saved.exitCode()).as(saved.err()).isZero();
        Map<String, byte[]> files = entries(tar);
        JsonNode index = OciJson.readTree(files.get("index.json"));
        assertThat(index.path("manifests")).hasSize(1);
        JsonNode top = index.path("manifests").get(0);
        assertThat(top.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.index.v1+json");
        JsonNode inner = OciJson.readTree(files.get("blobs/sha256/" + top.path("digest").asText().substring(7)));
        assertThat(inner.path("manifests")).hasSize(2);
        for (String arch : List.of("amd64", "arm64")) {
            String out = HostCommand.check(List.of("skopeo", "--override-arch", arch, "inspect", "--config",
                    "oci-archive:" + tar + ":" + image), null, "skopeo inspect");
            assertThat(OciJson.readTree(out.getBytes(StandardCharsets.UTF_8)).path("architecture").asText())
                    .isEqualTo(arch);
        }

        // loaded into another store, the tag names the index again, every platform in it
        String other = tmp.resolve("loaded").toString();
        CliRunner.Outcome loaded = CliRunner.run("load", "--root", other, "-i", tar.toString());
        assertThat(loaded.exitCode()).as(loaded.err()).isZero();
        CliRunner.Outcome arm = CliRunner.run("inspect", "--root", other, "--platform", "linux/arm64", image);
        assertThat(arm.exitCode()).as(arm.err()).isZero();
        assertThat(OciJson.readTree(arm.out().getBytes(StandardCharsets.UTF_8)).path("architecture").asText())
                .isEqualTo("arm64");
    }

    @Test
    void pushSendsTheIndexAndEveryImageAndPullPlatformTakesOne() throws Exception {
        CliRunner.Outcome pushed = CliRunner.run("push", "--root", root, image);
        assertThat(pushed.exitCode()).as(pushed.err()).isZero();
        String raw = HostCommand.check(List.of("skopeo", "inspect", "--tls-verify=false", "--raw",
                "docker://" + image), null, "skopeo inspect --raw");
        JsonNode index = OciJson.readTree(raw.getBytes(StandardCharsets.UTF_8));
        assertThat(index.path("manifests").findValuesAsText("architecture")).containsExactly("amd64", "arm64");
        String armConfig = HostCommand.check(List.of("skopeo", "--override-arch", "arm64", "inspect",
                "--tls-verify=false", "--config", "docker://" + image), null, "skopeo inspect --config");
        assertThat(OciJson.readTree(armConfig.getBytes(StandardCharsets.UTF_8)).path("architecture").asText())
                .isEqualTo("arm64");

        String other = tmp.resolve("pulled").toString();
        CliRunner.Outcome pulled = CliRunner.run("pull", "-q", "--root", other, "--platform", "linux/arm64", image);
        assertThat(pulled.exitCode()).as(pulled.err()).isZero();
        CliRunner.Outcome config = CliRunner.run("inspect", "--root", other, image);
        assertThat(OciJson.readTree(config.out().getBytes(StandardCharsets.UTF_8)).path("architecture").asText())
                .isEqualTo("arm64");
    }

    private static boolean noProblem(String platform) {
        try {
            return Emulation.system().problem(Platform.parse(platform)).isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static Map<String, byte[]> entries(Path tar) throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream t = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = t.getNextEntry(); e != null; e = t.getNextEntry()) {
                if (e.isFile()) {
                    out.put(e.getName(), t.readAllBytes());
                }
            }
        }
        return out;
    }
}
