package io.jbuild.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jbuild.core.emulation.Emulation;
import io.jbuild.core.export.Exporter;
import io.jbuild.core.image.Descriptor;
import io.jbuild.core.image.ImageIndex;
import io.jbuild.core.image.ImageManifest;
import io.jbuild.core.image.MediaTypes;
import io.jbuild.core.image.OciJson;
import io.jbuild.core.image.Platform;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.ResolvedImage;
import io.jbuild.grammar.reference.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --platform linux/amd64,linux/arm64}: one build, an OCI index of one image per platform, on the
 * {@link MultiPlatformBusybox} base; RUN of arm64 stages under QEMU (binfmt_misc), and the error without it.
 */
class MultiPlatformBuildTest {

    private static final String BASE = "jbuild/busybox-multi:latest";
    private static final String BOTH = "linux/amd64,linux/arm64";

    @TempDir
    static Path shared;
    static ImageStore store;

    @TempDir
    Path tmp;
    Path context;

    @BeforeAll
    static void base() throws Exception {
        assumeTrue(isRoot() && Files.isExecutable(Path.of("/usr/sbin/runc")),
                "RUN needs root and runc (installed by .ci/run)");
        MultiPlatformBusybox.assumeAvailable();
        store = ImageStore.open(shared.resolve("store"));
        MultiPlatformBusybox.build(store, shared.resolve("work"), BASE);
    }

    @BeforeEach
    void setUp() throws IOException {
        context = Files.createDirectories(tmp.resolve("context"));
    }

    @Test
    void nativeBuilderStageAndRunLessFinalStageGiveAnIndexOfBothPlatforms() throws Exception {
        Files.writeString(context.resolve("same.txt"), "the same for every platform\n");
        Files.writeString(context.resolve("Dockerfile"), """
                FROM --platform=$BUILDPLATFORM %s AS build
                RUN echo shared > /shared
                ARG TARGETARCH
                RUN echo "$TARGETARCH" > /arch && uname -m > /built-on
                FROM %s
                COPY same.txt /same.txt
                COPY --from=build /arch /built-on /shared /out/
                """.formatted(BASE, BASE));
        List<String> cached = new CopyOnWriteArrayList<>();
        BuildResult result = new ImageBuilder(store, null, 1).build(BuildRequest.builder(context)
                .platform(BOTH).tags(List.of("multi:1")).build(), recordCached(cached));

        assertThat(result.manifest().mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(store.lookup(ImageReference.parse("multi:1")).orElseThrow().digest())
                .isEqualTo(result.manifest().digest());
        ImageIndex index = (ImageIndex) store.readManifest(result.manifest());
        assertThat(index.manifests()).extracting(d -> d.platform().format())
                .containsExactly("linux/amd64", "linux/arm64");
        Map<String, Integer> machines = Map.of("amd64", MultiPlatformBusybox.EM_X86_64,
                "arm64", MultiPlatformBusybox.EM_AARCH64);
        List<String> sameLayer = new ArrayList<>();
        for (Descriptor d : index.manifests()) {
            String arch = d.platform().architecture();
            ImageManifest m = (ImageManifest) store.readManifest(d);
            assertThat(store.readConfig(m.config().digest()).architecture()).isEqualTo(arch);
            ResolvedImage image = store.resolve(null, d);
            assertThat(MultiPlatformBusybox.elfMachine(file(image, "bin/busybox").orElseThrow()))
                    .as(arch + " busybox").isEqualTo(machines.get(arch));
            assertThat(text(image, "out/arch")).isEqualTo(arch + "\n");
            // The builder stage ran natively, for each target platform
            assertThat(text(image, "out/built-on")).isEqualTo("x86_64\n");
            assertThat(text(image, "out/shared")).isEqualTo("shared\n");
            sameLayer.add(m.layers().get(1).digest().toString());
        }
        // The COPY of the same file is the same layer in both images, stored once
        assertThat(sameLayer.get(0)).isEqualTo(sameLayer.get(1));
        // The native stage's step that does not read TARGETARCH ran for one platform (whichever reached it first: they
        // build at the same time) and came from the cache for the other; the step that reads it ran for each
        assertThat(cached).containsAnyOf("linux/amd64 build#2", "linux/arm64 build#2")
                .doesNotContain("linux/amd64 build#4", "linux/arm64 build#4")
                .filteredOn(c -> c.endsWith(" build#2")).hasSize(1);

        // Rebuilding with nothing changed gives the same index, every step from the cache
        cached.clear();
        BuildResult again = new ImageBuilder(store, null, 1).build(BuildRequest.builder(context)
                .platform(BOTH).tags(List.of("multi:1")).build(), recordCached(cached));
        assertThat(again.manifest().digest()).isEqualTo(result.manifest().digest());
        assertThat(cached).contains("linux/amd64 build#4", "linux/arm64 build#4", "linux/arm64 1#3");
    }

    @Test
    void withNoCacheANativeStageThatDoesNotReadTheTargetRunsOnceForBothPlatforms() throws Exception {
        Files.writeString(context.resolve("Dockerfile"), """
                FROM --platform=$BUILDPLATFORM %s AS build
                RUN echo native-step-ran && echo shared > /shared
                ARG TARGETARCH
                RUN echo "per-platform-$TARGETARCH" && echo "$TARGETARCH" > /arch
                FROM %s
                COPY --from=build /shared /arch /out/
                """.formatted(BASE, BASE));
        List<String> lines = new ArrayList<>();
        BuildResult result = new ImageBuilder(store, null, 1).build(BuildRequest.builder(context)
                .platform(BOTH).noCache(true).tags(List.of("nocache:1")).build(), new BuildListener() {
                    @Override
                    public void output(String stage, int number, String line) {
                        synchronized (lines) {
                            lines.add(line.strip());
                        }
                    }
                });

        // The step that does not read TARGETARCH ran once; the one that does, once per platform
        assertThat(lines).filteredOn("native-step-ran"::equals).hasSize(1);
        assertThat(lines).filteredOn(l -> l.startsWith("per-platform-"))
                .containsExactlyInAnyOrder("per-platform-amd64", "per-platform-arm64");
        ImageIndex index = (ImageIndex) store.readManifest(result.manifest());
        for (Descriptor d : index.manifests()) {
            ResolvedImage image = store.resolve(null, d);
            assertThat(text(image, "out/shared")).isEqualTo("shared\n");
            assertThat(text(image, "out/arch")).isEqualTo(d.platform().architecture() + "\n");
        }
    }

    @Test
    void platformsBuiltAtOnceGiveTheIndexTheyGiveOneAfterTheOtherAndNameTheirPlatformInProgress() throws Exception {
        Files.writeString(context.resolve("app.jar"), "a jar\n");
        Files.writeString(context.resolve("Dockerfile"), """
                FROM --platform=$BUILDPLATFORM %s AS build
                ARG TARGETARCH
                COPY app.jar /build/app-$TARGETARCH.jar
                FROM %s
                WORKDIR /app
                COPY --from=build /build/ /app/
                """.formatted(BASE, BASE));
        BuildRequest request = BuildRequest.builder(context).platform(BOTH).noCache(true)
                .sourceDateEpoch(Instant.parse("2026-01-01T00:00:00Z")).tags(List.of("atonce:1")).build();
        List<String> labels = new CopyOnWriteArrayList<>();
        BuildListener progress = new BuildListener() {
            @Override
            public void stepStarted(String stage, int number, int total, String text) {
                labels.add(stage);
            }
        };
        Descriptor together = new ImageBuilder(store, null, 1).platformsAtOnce(2).build(request, progress).manifest();
        Descriptor sequential = new ImageBuilder(store, null, 1).platformsAtOnce(1).build(request, BuildListener.SILENT)
                .manifest();
        assertThat(together.digest()).isEqualTo(sequential.digest());
        assertThat(labels).isNotEmpty().allMatch(l -> l.startsWith("linux/amd64 ") || l.startsWith("linux/arm64 "));
        ImageIndex index = (ImageIndex) store.readManifest(together);
        for (Descriptor d : index.manifests()) {
            String arch = d.platform().architecture();
            assertThat(text(store.resolve(null, d), "app/app-" + arch + ".jar")).isEqualTo("a jar\n");
        }
    }

    @Test
    void aNativeBuilderStagesSingleArchitectureBaseIsPlannedForThisMachine() throws Exception {
        Path builder = Files.createDirectories(tmp.resolve("builder"));
        Files.writeString(builder.resolve("Dockerfile"), "FROM " + BASE + "-amd64\nENV GREETING=hi\n");
        new ImageBuilder(store, null, 1).build(BuildRequest.builder(builder).tags(List.of("builder:1")).build(),
                BuildListener.SILENT);
        Files.writeString(context.resolve("Dockerfile"), """
                FROM --platform=$BUILDPLATFORM builder:1 AS build
                RUN echo "$GREETING" > /greeting
                FROM %s
                COPY --from=build /greeting /greeting
                """.formatted(BASE));
        List<String> warnings = new CopyOnWriteArrayList<>();
        BuildResult r = new ImageBuilder(store, null, 1).build(BuildRequest.builder(context).platform(BOTH)
                .tags(List.of("greeting:1")).build(), new BuildListener() {
                    @Override
                    public void warning(String message) {
                        warnings.add(message);
                    }
                });
        for (Descriptor d : ((ImageIndex) store.readManifest(r.manifest())).manifests()) {
            // the builder's ENV reached its RUN for both platforms: its base was not looked for as arm64
            assertThat(text(store.resolve(null, d), "greeting")).as(d.platform().format()).isEqualTo("hi\n");
        }
        assertThat(warnings).noneMatch(w -> w.contains("builder"));
    }

    @Test
    void runInAnArm64StageRunsUnderQemu() throws Exception {
        assumeTrue(Emulation.system().problem(Platform.parse("linux/arm64")).isEmpty(),
                "needs the binfmt_misc handler for aarch64 that .ci/run registers");
        Files.writeString(context.resolve("Dockerfile"), "FROM " + BASE + "\nRUN uname -m > /machine\n");
        new ImageBuilder(store, null, 1).build(BuildRequest.builder(context).platform(BOTH)
                .tags(List.of("emulated:1")).build(), BuildListener.SILENT);
        ImageIndex index = (ImageIndex) store.readManifest(store.lookup(ImageReference.parse("emulated:1"))
                .orElseThrow());
        assertThat(text(store.resolve(null, index.manifests().get(0)), "machine")).isEqualTo("x86_64\n");
        assertThat(text(store.resolve(null, index.manifests().get(1)), "machine")).isEqualTo("aarch64\n");
    }

    @Test
    void withoutAHandlerRunFailsBeforeAnythingRunsNamingTheArchitectureAndTheFix() throws Exception {
        Path noHandlers = Files.createDirectories(tmp.resolve("binfmt_misc"));
        Files.writeString(noHandlers.resolve("status"), "enabled\n");
        Files.writeString(noHandlers.resolve("register"), "");
        Files.writeString(context.resolve("Dockerfile"), "FROM " + BASE + "\nRUN touch /ran\n");
        Emulation none = new Emulation(noHandlers, Platform.parse("linux/amd64"));
        int blobsBefore = store.blobs().list().size();
        assertThatThrownBy(() -> new ImageBuilder(store, null, 1).build(BuildRequest.builder(context).platform(BOTH)
                .tags(List.of("never:1")).build(), BuildListener.SILENT, none))
                .isInstanceOf(BuildException.class)
                .satisfies(e -> assertThat(((BuildException) e).format("Dockerfile"))
                        .startsWith("Dockerfile:2:")
                        .contains("linux/arm64", "no binfmt_misc handler for arm64 (aarch64)",
                                "apt-get install qemu-user-static", "update-binfmts --enable qemu-aarch64"));
        assertThat(store.lookup(ImageReference.parse("never:1"))).isEmpty();
        // Not even the amd64 image was made: the check comes before any step
        assertThat(store.blobs().list()).hasSize(blobsBefore);
    }

    @Test
    void theEmulationCheckJudgesEachRunStageByItsOwnPlatform() throws Exception {
        assumeTrue(Platform.host().architecture().equals("amd64"), "the native stage is amd64 here");
        Path noHandlers = Files.createDirectories(tmp.resolve("binfmt_misc"));
        Files.writeString(noHandlers.resolve("status"), "enabled\n");
        Files.writeString(noHandlers.resolve("register"), "");
        Emulation none = new Emulation(noHandlers, Platform.parse("linux/amd64"));
        String nativeBuilder = """
                FROM --platform=$BUILDPLATFORM %s AS build
                ARG TARGETARCH
                RUN echo "$TARGETARCH" > /arch
                FROM %s
                COPY --from=build /arch /arch
                """.formatted(BASE, BASE);
        // the native stage's RUN needs no handler, for either platform's build; the final stage has no RUN
        Files.writeString(context.resolve("Dockerfile"), nativeBuilder);
        BuildResult r = new ImageBuilder(store, null, 1).build(BuildRequest.builder(context).platform(BOTH)
                .tags(List.of("native-run:1")).build(), BuildListener.SILENT, none);
        ImageIndex index = (ImageIndex) store.readManifest(r.manifest());
        assertThat(text(store.resolve(null, index.manifests().get(1)), "arch")).isEqualTo("arm64\n");

        // a RUN in the foreign stage needs one: the error is at that RUN (line 6), not at the native one (line 3)
        Files.writeString(context.resolve("Dockerfile"), nativeBuilder + "RUN cat /arch\n");
        assertThatThrownBy(() -> new ImageBuilder(store, null, 1).build(BuildRequest.builder(context).platform(BOTH)
                .tags(List.of("foreign-run:1")).build(), BuildListener.SILENT, none))
                .isInstanceOf(BuildException.class)
                .satisfies(e -> assertThat(((BuildException) e).format("Dockerfile"))
                        .startsWith("Dockerfile:6:").contains("linux/arm64", "qemu-aarch64"));
        assertThat(store.lookup(ImageReference.parse("foreign-run:1"))).isEmpty();
    }

    @Test
    void theSameDockerfileWithoutRunNeedsNoEmulation() throws Exception {
        Path noHandlers = Files.createDirectories(tmp.resolve("binfmt_misc"));
        Files.writeString(noHandlers.resolve("status"), "enabled\n");
        Files.writeString(context.resolve("app.jar"), "a jar\n");
        Files.writeString(context.resolve("Dockerfile"), "FROM " + BASE + "\nCOPY app.jar /app/\n");
        // (the platforms build at once: events come from two threads, in either platform's order)
        List<String> started = new CopyOnWriteArrayList<>();
        List<Integer> planned = new CopyOnWriteArrayList<>();
        BuildListener progress = new BuildListener() {
            @Override
            public void planned(int stages) {
                planned.add(stages);
            }

            @Override
            public void stepStarted(String stage, int number, int total, String text) {
                started.add("[" + stage + " " + number + "/" + total + "] " + text);
            }
        };
        BuildResult r = new ImageBuilder(store, null, 1).build(BuildRequest.builder(context).platform(BOTH)
                .tags(List.of("jar:1")).build(), progress, new Emulation(noHandlers, Platform.parse("linux/amd64")));
        assertThat(((ImageIndex) store.readManifest(r.manifest())).manifests()).hasSize(2);
        // one stage: its steps are labelled with the platform alone, as BuildKit's, and displays are told to label
        assertThat(started.stream().filter(l -> l.startsWith("[linux/amd64 "))).containsExactly(
                "[linux/amd64 1/2] FROM " + BASE, "[linux/amd64 2/2] COPY app.jar /app/");
        assertThat(started.stream().filter(l -> l.startsWith("[linux/arm64 "))).containsExactly(
                "[linux/arm64 1/2] FROM " + BASE, "[linux/arm64 2/2] COPY app.jar /app/");
        assertThat(started).hasSize(4);
        assertThat(planned).containsExactly(2, 2);
    }

    @Test
    void exportsWriteEveryPlatform() throws Exception {
        Files.writeString(context.resolve("app.jar"), "a jar\n");
        Files.writeString(context.resolve("Dockerfile"), "FROM " + BASE + "\nCOPY app.jar /app/\n");
        new ImageBuilder(store, null, 1).build(BuildRequest.builder(context).platform(BOTH)
                .tags(List.of("exported:1")).build(), BuildListener.SILENT);
        Exporter exporter = new Exporter(store);

        Path local = tmp.resolve("local");
        exporter.export(Exporter.parse("type=local,dest=" + local), "exported:1");
        assertThat(MultiPlatformBusybox.elfMachine(Files.readAllBytes(local.resolve("linux_amd64/bin/busybox"))))
                .isEqualTo(MultiPlatformBusybox.EM_X86_64);
        assertThat(MultiPlatformBusybox.elfMachine(Files.readAllBytes(local.resolve("linux_arm64/bin/busybox"))))
                .isEqualTo(MultiPlatformBusybox.EM_AARCH64);
        assertThat(local.resolve("linux_arm64/app/app.jar")).hasContent("a jar");

        Path archive = tmp.resolve("docker.tar");
        exporter.export(Exporter.parse("type=docker,dest=" + archive), "exported:1");
        Map<String, byte[]> files = new HashMap<>();
        try (InputStream in = Files.newInputStream(archive); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.isFile()) {
                    files.put(e.getName(), tar.readAllBytes());
                }
            }
        }
        JsonNode manifests = OciJson.readTree(files.get("manifest.json"));
        assertThat(manifests).hasSize(2);
        List<String> architectures = new ArrayList<>();
        for (JsonNode m : manifests) {
            String config = m.path("Config").asText();
            assertThat(files).containsKey(config);
            String arch = OciJson.readTree(files.get(config)).path("architecture").asText();
            architectures.add(arch);
            // a tag names one image in docker's form: this machine's
            assertThat(m.path("RepoTags").size()).isEqualTo(arch.equals(Platform.host().architecture()) ? 1 : 0);
            m.path("Layers").forEach(l -> assertThat(files).containsKey(l.asText()));
        }
        assertThat(architectures).containsExactly("amd64", "arm64");
        JsonNode index = OciJson.readTree(files.get("index.json"));
        assertThat(index.path("manifests").get(0).path("mediaType").asText()).isEqualTo(MediaTypes.OCI_INDEX);
    }

    @Test
    void aBaseLackingAPlatformIsAnErrorNamingThoseItHas() throws Exception {
        Files.writeString(context.resolve("Dockerfile"), "FROM " + BASE + "\nCOPY Dockerfile /\n");
        assertThatThrownBy(() -> new ImageBuilder(store, null, 1).build(BuildRequest.builder(context)
                .platform("linux/amd64,linux/s390x").tags(List.of("nos390x:1")).build(), BuildListener.SILENT))
                .isInstanceOf(BuildException.class)
                .satisfies(e -> assertThat(((BuildException) e).format("Dockerfile"))
                        .startsWith("Dockerfile:1:")
                        .contains("linux/s390x", "available: linux/amd64, linux/arm64"));
        assertThat(store.lookup(ImageReference.parse("nos390x:1"))).isEmpty();
    }

    @Test
    void onThisMachineAnArchitectureWithoutAHandlerFailsClearly() throws Exception {
        Emulation system = Emulation.system();
        String arch = null;
        for (String candidate : List.of("s390x", "riscv64", "ppc64le", "mips64le")) {
            if (system.problem(Platform.parse("linux/" + candidate)).isPresent()) {
                arch = candidate;
                break;
            }
        }
        assumeTrue(arch != null, "every candidate architecture has a handler here");
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY Dockerfile /\nRUN [\"/x\"]\n");
        String platform = "linux/" + arch;
        assertThatThrownBy(() -> new ImageBuilder(store, null, 1).build(BuildRequest.builder(context)
                .platform(platform).tags(List.of("foreign:1")).build(), BuildListener.SILENT))
                .isInstanceOf(BuildException.class)
                .satisfies(e -> assertThat(((BuildException) e).format("Dockerfile"))
                        .startsWith("Dockerfile:3:").contains(platform, "update-binfmts --enable qemu-"));
        assertThat(store.lookup(ImageReference.parse("foreign:1"))).isEmpty();
    }

    private static BuildListener recordCached(List<String> into) {
        return new BuildListener() {
            @Override
            public void stepCached(String stage, int number) {
                into.add(stage + "#" + number);
            }
        };
    }

    private static String text(ResolvedImage image, String path) throws IOException {
        return new String(file(image, path).orElseThrow(() -> new AssertionError("no " + path)),
                StandardCharsets.UTF_8);
    }

    /** A regular file's content in the image: the last layer that has it wins (no whiteouts in these images). */
    private static Optional<byte[]> file(ResolvedImage image, String path) throws IOException {
        Optional<byte[]> found = Optional.empty();
        for (Descriptor layer : image.manifest().layers()) {
            try (InputStream in = new GZIPInputStream(store.blobs().open(layer.digest()));
                 TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                    String name = e.getName().replaceFirst("^\\./", "");
                    if (name.equals(path) && e.isFile()) {
                        found = Optional.of(tar.readAllBytes());
                    }
                }
            }
        }
        return found;
    }

    private static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
