package io.jbuild.core.registry;

import static io.jbuild.core.registry.TestImages.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jbuild.core.build.BuildException;
import io.jbuild.core.build.BuildListener;
import io.jbuild.core.build.BuildRequest;
import io.jbuild.core.build.ImageBuilder;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.image.MediaTypes;
import io.jbuild.core.image.Platform;
import io.jbuild.core.snapshot.FileTrees;
import io.jbuild.core.snapshot.Root;
import io.jbuild.core.snapshot.SnapshotStore;
import io.jbuild.core.snapshot.TestTar;
import io.jbuild.core.store.ImageStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base images whose layers are built to attack the builder, served by a registry ({@link ScriptedRegistry}),
 * pulled, and built on with RUN (the overlay snapshots) and COPY --from (the merged tree): odd entries are kept
 * as data inside the image, escapes are refused naming the layer and the entry, and a directory outside
 * (the canary) never changes.
 */
@Timeout(180)
class HostileBaseImageTest {

    private static final Path BUSYBOX = Path.of("/bin/busybox");

    @TempDir
    static Path shared;
    static ScriptedRegistry registry;
    static byte[] busyboxLayer;
    static String busyboxDiffId;

    @TempDir
    Path tmp;
    Path canary;
    Map<String, String> canaryBefore;

    @BeforeAll
    static void registryWithABusyboxLayer() throws IOException {
        assumeTrue(Root.isRoot() && Files.isExecutable(Path.of("/usr/sbin/runc")) && Files.isExecutable(BUSYBOX),
                "RUN needs root, runc and busybox-static (installed by .ci/run)");
        registry = ScriptedRegistry.start();
        registry.serve("/v2/", "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        TestTar.Layer busybox = new TestTar().dir("bin").hostFile("bin/busybox", BUSYBOX, 0755).dir("tmp").build();
        busyboxLayer = gzip(busybox.tar());
        busyboxDiffId = busybox.diffId();
    }

    @AfterAll
    static void stop() throws IOException {
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void plantCanary() throws IOException {
        canary = Files.createDirectories(tmp.resolve("canary"));
        Files.writeString(canary.resolve("keep"), "canary");
        canaryBefore = tree(canary);
    }

    /** Serves a two-layer image (busybox, then {@code hostile} as sent) under {@code repo:1}; returns the reference. */
    private static String serve(String repo, byte[] hostile, String hostileDiffId) {
        Platform host = Platform.host();
        byte[] config = ("{\"architecture\":\"" + host.architecture() + "\",\"os\":\"" + host.os() + "\","
                + "\"config\":{\"Env\":[\"PATH=/bin\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + busyboxDiffId + "\",\"" + hostileDiffId + "\"]}}").getBytes(StandardCharsets.UTF_8);
        String layers = List.of(busyboxLayer, hostile).stream().map(b -> "{\"mediaType\":\"" + MediaTypes.OCI_LAYER_GZIP
                + "\",\"digest\":\"" + Digest.of(b) + "\",\"size\":" + b.length + "}").reduce((a, b) -> a + "," + b)
                .orElseThrow();
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{"
                + "\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + Digest.of(config) + "\",\"size\":"
                + config.length + "},\"layers\":[" + layers + "]}").getBytes(StandardCharsets.UTF_8);
        String base = "/v2/" + repo;
        registry.serve(base + "/manifests/1", MediaTypes.OCI_MANIFEST, manifest)
                .serve(base + "/blobs/" + Digest.of(config), "application/octet-stream", config)
                .serve(base + "/blobs/" + Digest.of(busyboxLayer), "application/octet-stream", busyboxLayer)
                .serve(base + "/blobs/" + Digest.of(hostile), "application/octet-stream", hostile);
        return registry.host() + "/" + repo + ":1";
    }

    /** Pulls {@code reference} into a fresh store, then builds {@code dockerfile} on it. */
    private Build build(String reference, String dockerfile, long maxLayerBytes) throws Exception {
        ImageStore store = ImageStore.open(tmp.resolve("store"));
        new ImagePuller(store, TestImages.options(tmp)).pull(ref(reference), TransferListener.SILENT);
        Path context = Files.createDirectories(tmp.resolve("context"));
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        BuildListener listener = new BuildListener() {
            @Override
            public void output(String stage, int number, String line) {
                output.add(line);
            }
        };
        return new Build(store, context, output, () -> new ImageBuilder(store, null, 1, maxLayerBytes)
                .build(BuildRequest.builder(context).tags(List.of("hostile-result:1")).build(), listener));
    }

    private record Build(ImageStore store, Path context, List<String> output, Run run) {
    }

    @FunctionalInterface
    private interface Run {
        void run() throws Exception;
    }

    @Test
    void oddEntriesAreKeptInsideTheImageAndNothingEscapes() throws Exception {
        String outside = canary.toString();
        TestTar.Layer layer = new TestTar()
                .file("/abs/file", "absolute")                                  // an absolute name
                .link("escape", outside, TarConstants.LF_SYMLINK)               // a symlink out of the root ...
                .file("escape/planted", "through the link")                     // ... and a file written through it
                .link("up", "../../../../..", TarConstants.LF_SYMLINK)
                .file("up/also-planted", "through the climbing link")
                .link("abs/hard", "/abs/file", TarConstants.LF_LINK)            // an absolute hard-link target
                // Not under /dev, which the runtime mounts afresh in the container.
                .device("nodes/null", TarConstants.LF_CHR, 1, 3)
                .device("nodes/sda", TarConstants.LF_BLK, 8, 0)
                .device("run/fifo", TarConstants.LF_FIFO, 0, 0)
                .file("bin/su", "setuid", 04755, 0, 0)
                .file("dup", "first")                                           // duplicates: the last wins
                .file("dup", "second")
                .dir("replaced").file("replaced/child", "c")
                .file("replaced", "a file now")
                .build();
        String ref = serve("test/odd", gzip(layer.tar()), layer.diffId());
        Build b = build(ref, "FROM " + ref + "\n"
                + "RUN [\"/bin/busybox\", \"sh\", \"-c\", \"/bin/busybox cat /dup /abs/file /abs/hard /replaced; echo;"
                + " /bin/busybox cat " + outside + "/planted /also-planted; echo;"
                + " /bin/busybox stat -c '%n %a %F %t:%T' /bin/su /nodes/null /nodes/sda /run/fifo\"]\n"
                + "COPY --from=" + ref + " /dup /copied-dup\n", SnapshotStore.DEFAULT_MAX_LAYER_BYTES);
        b.run().run();

        assertThat(b.output()).containsSubsequence(
                "secondabsoluteabsolutea file now",
                "through the linkthrough the climbing link",
                "/bin/su 4755 regular file 0:0",
                "/nodes/null 666 character special file 1:3",
                "/nodes/sda 666 block special file 8:0",
                "/run/fifo 666 fifo 0:0");
        assertThat(tree(canary)).as("the canary directory").isEqualTo(canaryBefore);
        assertThat(tmp.resolve("also-planted")).doesNotExist();
        // The snapshot keeps the odd entries as data: the links as links, the devices as devices.
        Path fs = b.store().paths().snapshots().resolve(layer.diffId().substring(7)).resolve("fs");
        assertThat(Files.readSymbolicLink(fs.resolve("escape"))).isEqualTo(canary);
        assertThat(fs.resolve(outside.substring(1)).resolve("planted")).hasContent("through the link");
        assertThat(Files.getAttribute(fs.resolve("nodes/sda"), "unix:mode", LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(0060666);
        assertThat(Files.getAttribute(fs.resolve("nodes/sda"), "unix:rdev", LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(8L << 8);
        assertThat(Files.getAttribute(fs.resolve("bin/su"), "unix:mode")).isEqualTo(0104755);
        assertThat(b.store().resolve("hostile-result:1").manifest().layers()).hasSize(4);
    }

    @Test
    void entriesThatClimbOutFailTheBuildNamingLayerAndEntry() throws Exception {
        Map<String, TestTar> cases = new TreeMap<>();
        cases.put("dotdot", new TestTar().file("ok", "fine").file("../../../evil", "evil"));
        cases.put("nested-dotdot", new TestTar().file("a/../../evil", "evil"));
        cases.put("hardlink-out", new TestTar().link("h", "../../etc/passwd", TarConstants.LF_LINK));
        cases.put("whiteout-out", new TestTar().file("../.wh.keep", ""));
        for (Map.Entry<String, TestTar> c : cases.entrySet()) {
            TestTar.Layer layer = c.getValue().build();
            byte[] blob = gzip(layer.tar());
            String ref = serve("test/" + c.getKey(), blob, layer.diffId());
            Path storeDir = tmp.resolve("store");
            for (String dockerfile : List.of("FROM " + ref + "\nRUN [\"/bin/busybox\", \"true\"]\n",
                    "FROM scratch\nCOPY --from=" + ref + " /ok /ok\n")) {
                Build b = build(ref, dockerfile, SnapshotStore.DEFAULT_MAX_LAYER_BYTES);
                assertThatThrownBy(() -> b.run().run()).as(c.getKey() + ": " + dockerfile)
                        .hasMessageContaining("layer " + Digest.of(blob))
                        .hasMessageContaining("points outside the image root");
                assertNoResult(b.store());
                assertThat(snapshot(b.store(), layer.diffId())).as("no snapshot of the refused layer").doesNotExist();
            }
            assertThat(tree(canary)).as(c.getKey()).isEqualTo(canaryBefore);
            assertThat(tmp.resolve("evil")).doesNotExist();
            assertThat(tmp.getParent().resolve("evil")).doesNotExist();
            FileTrees.delete(storeDir);
        }
    }

    @Test
    void aGzipBombStopsAtTheConfiguredLimitNamingTheLayer() throws Exception {
        // 64 MiB of zeros: about 64 KiB compressed.
        TestTar.Layer layer = new TestTar().file("zeros", "\0".repeat(64 << 20)).build();
        byte[] blob = gzip(layer.tar());
        assertThat(blob.length).isLessThan(1 << 20);
        String ref = serve("test/bomb", blob, layer.diffId());
        for (String dockerfile : List.of("FROM " + ref + "\nRUN [\"/bin/busybox\", \"true\"]\n",
                "FROM scratch\nCOPY --from=" + ref + " /zeros /zeros\n")) {
            Build b = build(ref, dockerfile, 16L << 20);
            assertThatThrownBy(() -> b.run().run()).as(dockerfile)
                    .hasMessageContaining("layer " + Digest.of(blob))
                    .hasMessageContaining("larger than the limit of " + (16L << 20) + " uncompressed bytes");
            assertNoResult(b.store());
            assertThat(snapshot(b.store(), layer.diffId())).doesNotExist();
            FileTrees.delete(b.store().root());
        }
    }

    @Test
    void truncatedAndCorruptedGzipFailNamingTheLayer() throws Exception {
        TestTar.Layer layer = new TestTar().file("data", "x".repeat(200_000) + "y".repeat(200_000)).build();
        byte[] whole = gzip(layer.tar());
        byte[] truncated = Arrays.copyOf(whole, whole.length / 2);
        byte[] corrupted = whole.clone();
        for (int i = whole.length / 3; i < whole.length / 3 + 16; i++) {
            corrupted[i] ^= 0x5a;
        }
        Map<String, byte[]> cases = Map.of("truncated", truncated, "corrupted", corrupted);
        for (Map.Entry<String, byte[]> c : cases.entrySet()) {
            String ref = serve("test/" + c.getKey(), c.getValue(), layer.diffId());
            Build b = build(ref, "FROM " + ref + "\nRUN [\"/bin/busybox\", \"true\"]\n", SnapshotStore.DEFAULT_MAX_LAYER_BYTES);
            assertThatThrownBy(() -> b.run().run()).as(c.getKey()).isInstanceOf(BuildException.class)
                    .hasMessageContaining("layer " + Digest.of(c.getValue()));
            assertNoResult(b.store());
            assertThat(snapshot(b.store(), layer.diffId())).doesNotExist();
            FileTrees.delete(b.store().root());
        }
    }

    @Test
    @Tag("reliability")
    void aOneGigabyteSparseFileIsStreamedInASmallHeap() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("sparse"));
        Process tar = new ProcessBuilder("sh", "-c", "truncate -s 1G big && printf tail >> big"
                + " && tar --sparse --format=posix -cf layer.tar big && rm big").directory(work.toFile())
                .inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        byte[] tarBytes = Files.readAllBytes(work.resolve("layer.tar"));
        byte[] blob = gzip(tarBytes);
        String ref = serve("test/sparse", blob, Digest.of(tarBytes).toString());
        Path storeDir = tmp.resolve("store");
        new ImagePuller(ImageStore.open(storeDir), TestImages.options(tmp)).pull(ref(ref), TransferListener.SILENT);
        Path context = Files.createDirectories(tmp.resolve("context"));
        Files.writeString(context.resolve("Dockerfile"), "FROM " + ref + "\n"
                + "RUN [\"/bin/busybox\", \"sh\", \"-c\", \"/bin/busybox stat -c %s /big; /bin/busybox tail -c 4 /big\"]\n"
                + "COPY --from=" + ref + " /big /copied\n");

        // The build runs in a JVM with a 64 MiB heap: a 1 GiB file held in memory would not fit.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", classPath, BuildChild.class.getName(),
                storeDir.toString(), context.toString(), "sparse-result:1").redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor()).as(out).isZero();
        assertThat(out).contains("1073741828\ntail").endsWith("built\n");
        ImageStore store = ImageStore.open(storeDir);
        assertThat(store.resolve("sparse-result:1").manifest().layers()).hasSize(4);
        Path snapshot = snapshot(store, Digest.of(tarBytes).toString()).resolve("fs/big");
        assertThat(Files.size(snapshot)).isEqualTo((1L << 30) + 4);
        assertThat(tree(canary)).isEqualTo(canaryBefore);
    }

    /** The build tagged nothing and left no unpacking directory behind. */
    private static void assertNoResult(ImageStore store) throws IOException {
        assertThat(store.lookup(ref("hostile-result:1"))).isEmpty();
        Path tmpSnapshots = store.root().resolve("snapshots/tmp");
        if (Files.isDirectory(tmpSnapshots)) {
            try (Stream<Path> s = Files.list(tmpSnapshots)) {
                assertThat(s).as("half-unpacked snapshots").isEmpty();
            }
        }
    }

    private static Path snapshot(ImageStore store, String diffId) {
        return store.paths().snapshots().resolve(diffId.substring(7));
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    /** Relative path → content (or link target, or type) of every entry under {@code dir}. */
    private static Map<String, String> tree(Path dir) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                String key = dir.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    entries.put(key, "-> " + Files.readSymbolicLink(p));
                } else if (Files.isRegularFile(p)) {
                    entries.put(key, Files.readString(p));
                } else {
                    entries.put(key, "dir");
                }
            }
        }
        return entries;
    }
}
