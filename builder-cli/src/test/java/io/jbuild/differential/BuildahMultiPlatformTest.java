package io.jbuild.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jbuild.cli.CliRunner;
import io.jbuild.core.build.MultiPlatformBusybox;
import io.jbuild.core.registry.LocalRegistry;
import io.jbuild.core.store.ImageStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Buildah against jbuild for a multi-platform build ({@code buildah build --platform linux/amd64,linux/arm64
 * --manifest}): the same Dockerfile (a native builder stage writing {@code $TARGETARCH}, a RUN-less final stage) on
 * the same amd64+arm64 busybox index, served by a loopback registry; each platform's config and file tree must
 * match. Buildah keeps its images in a storage of this test's own (vfs: no mounts left behind).
 */
@Tag("differential")
class BuildahMultiPlatformTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.open();

    private static final Path BUILDAH = Path.of("/usr/bin/buildah");

    @TempDir
    Path tmp;

    @Test
    void perPlatformConfigsAndTreesMatchBuildahs() throws Exception {
        assumeTrue(Boolean.getBoolean("jbuild.differential"), "differential suite: run with -Pdifferential");
        assumeTrue(Files.isExecutable(BUILDAH), "needs buildah (shared/tools/peers-setup.sh installs it)");
        MultiPlatformBusybox.assumeAvailable();
        String root = tmp.resolve("store").toString();
        String base = REGISTRY.host() + "/busybox-multi:latest";
        MultiPlatformBusybox.build(ImageStore.open(Path.of(root)), tmp.resolve("base"), base);
        CliRunner.Outcome pushed = CliRunner.run("push", "-q", "--root", root, base);
        assertThat(pushed.exitCode()).as(pushed.err()).isZero();

        Path context = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(context.resolve("Dockerfile"), """
                FROM --platform=$BUILDPLATFORM %s AS build
                ARG TARGETARCH
                RUN echo "$TARGETARCH" > /arch
                FROM %s
                COPY --from=build /arch /arch
                ENV APP=multi
                CMD ["cat", "/arch"]
                """.formatted(base, base));
        String image = REGISTRY.host() + "/multi/diff:1";
        CliRunner.Outcome built = CliRunner.run("build", "-q", "--root", root, "--platform", "linux/amd64,linux/arm64",
                "-t", image, context.toString());
        assertThat(built.exitCode()).as(built.err()).isZero();

        Map<String, String> env = buildahEnv();
        Path logs = Files.createDirectories(tmp.resolve("logs"));
        Processes.Outcome buildah = Processes.run(List.of(BUILDAH.toString(), "build", "--tls-verify=false", "--identity-label=false",
                "--platform", "linux/amd64,linux/arm64", "--manifest", "multi-diff", "-f",
                context.resolve("Dockerfile").toString(), context.toString()), env, Duration.ofMinutes(5),
                logs.resolve("buildah-build.log"));
        assertThat(buildah.ok()).as(buildah.output()).isTrue();
        Path buildahLayout = tmp.resolve("buildah-oci");
        Processes.Outcome exported = Processes.run(List.of(BUILDAH.toString(), "manifest", "push", "--all",
                "multi-diff", "oci:" + buildahLayout), env, Duration.ofMinutes(2), logs.resolve("buildah-push.log"));
        assertThat(exported.ok()).as(exported.output()).isTrue();

        List<Difference> differences = new ArrayList<>();
        for (String arch : List.of("amd64", "arm64")) {
            ImageArchive ours = archive("oci:" + root + "/oci:" + image, arch, "jbuild");
            ImageArchive theirs = archive("oci:" + buildahLayout, arch, "buildah");
            assertThat(ours.config().path("architecture").asText()).isEqualTo(arch);
            differences.addAll(ConfigComparison.compare(theirs.config(), ours.config()));
            differences.addAll(TreeComparison.compare(theirs.tree(), ours.tree()).differences());
            assertThat(ours.tree().nodes()).containsKeys("/arch", "/bin/busybox");
        }
        assertThat(differences).isEmpty();
    }

    /** One platform of an image, as a docker archive skopeo writes, unpacked for comparison. */
    private ImageArchive archive(String source, String arch, String who) throws IOException {
        Path tar = tmp.resolve(who + "-" + arch + ".tar");
        Processes.Outcome o = Processes.run(List.of("skopeo", "--override-arch", arch, "copy", "-q", source,
                "docker-archive:" + tar + ":" + who + "/" + arch + ":1"), Map.of(), Duration.ofMinutes(2),
                tmp.resolve("logs/skopeo-" + who + "-" + arch + ".log"));
        assertThat(o.ok()).as(o.output()).isTrue();
        return ImageArchive.open(tar, tmp.resolve(who + "-" + arch));
    }

    /** buildah's configuration: peers-setup's containers.conf (runc, host network), storage and registries ours. */
    private Map<String, String> buildahEnv() throws IOException {
        Path cfg = Files.createDirectories(tmp.resolve("buildah-cfg"));
        Files.writeString(cfg.resolve("storage.conf"), "[storage]\ndriver = \"vfs\"\ngraphroot = \""
                + tmp.resolve("buildah-storage") + "\"\nrunroot = \"" + tmp.resolve("buildah-run") + "\"\n");
        Files.writeString(cfg.resolve("registries.conf"), "unqualified-search-registries = []\n[[registry]]\n"
                + "location = \"" + REGISTRY.host() + "\"\ninsecure = true\n");
        Files.writeString(cfg.resolve("containers.conf"), "[containers]\nnetns = \"host\"\n[engine]\n"
                + "cgroup_manager = \"cgroupfs\"\nevents_logger = \"file\"\nevents_logfile_path = \""
                + tmp.resolve("events.log") + "\"\nruntime = \"runc\"\n");
        return Map.of("CONTAINERS_CONF", cfg.resolve("containers.conf").toString(),
                "CONTAINERS_STORAGE_CONF", cfg.resolve("storage.conf").toString(),
                "CONTAINERS_REGISTRIES_CONF", cfg.resolve("registries.conf").toString(),
                "BUILDAH_ISOLATION", "chroot");
    }
}
