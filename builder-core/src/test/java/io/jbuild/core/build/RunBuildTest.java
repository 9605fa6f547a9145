package io.jbuild.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jbuild.core.exec.RunExecutor;
import io.jbuild.core.image.Descriptor;
import io.jbuild.core.image.ImageConfig;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.core.layer.HostXattrs;
import io.jbuild.core.snapshot.SnapshotStore;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.ResolvedImage;
import java.util.Optional;
import java.time.Duration;
import java.time.Instant;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.LinkOption;
import io.jbuild.grammar.reference.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RUN steps in real runc containers over overlayfs, on a busybox base image this test builds with jbuild. */
class RunBuildTest {

    @TempDir
    static Path tmp;
    static ImageStore store;
    static ImageBuilder builder;

    @BeforeAll
    static void busyboxBase() throws Exception {
        assumeTrue(isRoot() && Files.isExecutable(Path.of("/usr/sbin/runc")) && Files.isExecutable(Path.of("/bin/busybox")),
                "RUN needs root, runc and busybox-static (installed by .ci/run)");
        store = ImageStore.open(tmp.resolve("store"));
        builder = new ImageBuilder(store, null, 1);
        Path ctx = Files.createDirectories(tmp.resolve("busybox"));
        Files.copy(Path.of("/bin/busybox"), ctx.resolve("busybox"));
        Files.writeString(ctx.resolve("Dockerfile"), """
                FROM scratch
                COPY busybox /bin/busybox
                RUN ["/bin/busybox", "--install", "-s", "/bin"]
                RUN mkdir -p /etc /tmp /root && echo 'root:x:0:0:root:/root:/bin/sh' > /etc/passwd \\
                    && echo 'app:x:1000:1000::/home/app:/bin/sh' >> /etc/passwd \\
                    && printf 'root:x:0:\\napp:x:1000:\\n' > /etc/group && chmod 1777 /tmp
                ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
                CMD ["sh"]
                """);
        builder.build(BuildRequest.builder(ctx).tags(List.of("jbuild-test/busybox:1")).build(), BuildListener.SILENT);
    }

    @AfterAll
    static void nothingLeftBehind() throws IOException {
        if (store == null) {
            return;
        }
        RunExecutor executor = new RunExecutor(new SnapshotStore(store.paths().snapshots()),
                store.paths().runState());
        assertThat(executor.leftovers()).isEmpty();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(store.root().toString());
    }

    static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private ResolvedImage build(String name, String dockerfile, Map<String, String> args, List<String> output)
            throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("ctx-" + name.replace(':', '-')));
        Files.writeString(ctx.resolve("Dockerfile"), dockerfile);
        Files.writeString(ctx.resolve("hello.sh"), "#!/bin/sh\necho \"hello $1, my version is $my_ver!\"\n");
        BuildListener listener = new BuildListener() {
            @Override
            public void output(String stage, int number, String line) {
                output.add(line);
            }
        };
        builder.build(BuildRequest.builder(ctx).buildArgs(args).tags(List.of(name)).build(), listener);
        return store.resolve(name);
    }

    @Test
    void independentStagesBuildAtTheSameTime() throws Exception {
        // Each stage waits (at most 20 s) for the other to show up in a shared cache mount: built one after the
        // other, the first would time out and fail; built at the same time, both pass at once.
        String id = "rendezvous-" + System.nanoTime();
        String wait = "RUN --mount=type=cache,id=" + id + ",target=/rv,sharing=shared touch /rv/%1$s"
                + " && i=0; while [ ! -e /rv/%2$s ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i+1)); done;"
                + " test -e /rv/%2$s && echo %1$s > /%1$s.txt";
        List<String> output = new ArrayList<>();
        ResolvedImage image = build("parallel:1", "FROM jbuild-test/busybox:1 AS a\n" + wait.formatted("a", "b")
                + "\nFROM jbuild-test/busybox:1 AS b\n" + wait.formatted("b", "a")
                + "\nFROM scratch\nCOPY --from=a /a.txt /\nCOPY --from=b /b.txt /\n", Map.of(), output);
        assertThat(tree(image)).containsOnlyKeys("a.txt", "b.txt");

        // A failing stage stops the build; the other stage, still waiting, is interrupted and cleaned up (the
        // @AfterAll check finds no container, mount or run directory left).
        String failing = "FROM jbuild-test/busybox:1 AS slow\nRUN sleep 30\n"
                + "FROM jbuild-test/busybox:1 AS broken\nRUN exit 3\n"
                + "FROM scratch\nCOPY --from=slow /etc/passwd /a\nCOPY --from=broken /etc/passwd /b\n";
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> build("parallel:2", failing, Map.of(), new ArrayList<>()))
                .isInstanceOf(BuildException.class).hasMessageContaining("exited with code 3");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(25);
        assertThat(store.lookup(ImageReference.parse("parallel:2"))).isEmpty();
    }

    /** The file tree after applying every layer, whiteouts honoured: path → "type mode uid:gid". */
    private Map<String, String> tree(ResolvedImage image) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (Descriptor layer : image.manifest().layers()) {
            try (InputStream in = new GZIPInputStream(store.blobs().open(layer.digest()));
                 TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    String name = e.getName().replaceAll("/$", "");
                    String base = name.substring(name.lastIndexOf('/') + 1);
                    String dir = name.contains("/") ? name.substring(0, name.lastIndexOf('/') + 1) : "";
                    if (base.equals(".wh..wh..opq")) {
                        out.keySet().removeIf(k -> k.startsWith(dir) && !k.equals(dir.replaceAll("/$", "")));
                    } else if (base.startsWith(".wh.")) {
                        String victim = dir + base.substring(4);
                        out.keySet().removeIf(k -> k.equals(victim) || k.startsWith(victim + "/"));
                    } else {
                        String kind = e.isDirectory() ? "dir" : e.isSymbolicLink() ? "link" : "file";
                        out.put(name, kind + " " + Integer.toOctalString(e.getMode()) + " " + e.getLongUserId() + ":"
                                + e.getLongGroupId());
                    }
                }
            }
        }
        return out;
    }

    @Test
    void filesCreatedChangedAndDeletedAcrossSteps() throws Exception {
        ResolvedImage image = build("run-files:1", """
                FROM jbuild-test/busybox:1
                RUN mkdir -p /data/keep /data/gone && echo one > /data/keep/a && echo two > /data/gone/b \\
                    && echo three > /data/file
                RUN rm -rf /data/gone && echo changed > /data/keep/a && rm /data/file
                RUN rm -rf /data/keep && mkdir /data/keep && echo new > /data/keep/c
                """, Map.of(), new ArrayList<>());
        Map<String, String> t = tree(image);
        assertThat(t).containsKeys("data/keep/c", "bin/busybox", "bin/sh");
        assertThat(t).doesNotContainKeys("data/gone", "data/gone/b", "data/file", "data/keep/a");
        Path bundle = tmp.resolve("bundle-files");
        if (Files.isExecutable(Path.of("/usr/bin/umoci"))) {
            Process p = new ProcessBuilder("umoci", "unpack", "--image", store.layoutDir() + ":docker.io/library/run-files:1",
                    bundle.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(bundle.resolve("rootfs/data/keep/c")).hasContent("new");
            assertThat(bundle.resolve("rootfs/data/gone")).doesNotExist();
            assertThat(bundle.resolve("rootfs/data/keep/a")).doesNotExist();
            assertThat(bundle.resolve("rootfs/data/file")).doesNotExist();
        }
    }

    @Test
    void seedHelloWithShellArgsUserAndOutput() throws Exception {
        List<String> output = new ArrayList<>();
        ResolvedImage image = build("hello:2", """
                FROM jbuild-test/busybox:1
                WORKDIR /root
                COPY hello.sh .
                ARG my_ver=1.0
                RUN echo "building version $my_ver" && sh hello.sh builder > /root/built.txt
                ENV my_ver=$my_ver
                USER app
                RUN id -u > /tmp/uid && touch /tmp/owned
                CMD ["sh", "hello.sh", "guest"]
                """, Map.of("my_ver", "2.0"), output);
        assertThat(output).contains("building version 2.0");
        assertThat(image.config().config().env()).contains("my_ver=2.0");
        assertThat(image.config().config().user()).isEqualTo("app");
        assertThat(tree(image)).containsEntry("tmp/owned", "file 644 1000:1000").containsKey("root/built.txt");
        List<String> history = image.config().history().stream().map(ImageConfig.History::createdBy).toList();
        assertThat(history).contains("RUN |1 my_ver=2.0 /bin/sh -c echo \"building version $my_ver\" && sh hello.sh "
                + "builder > /root/built.txt # buildkit");
        // The build arg is in RUN's environment only, never in the image.
        ResolvedImage other = build("hello:1", """
                FROM jbuild-test/busybox:1
                ARG secret_arg=s3cr3t
                RUN test "$secret_arg" = s3cr3t
                """, Map.of(), new ArrayList<>());
        assertThat(other.config().config().env()).noneMatch(e -> e.contains("s3cr3t"));
    }

    @Test
    void directoriesKeepModeAndOwnerUnderTheSnapshotsOfLaterLayers() throws Exception {
        // Each layer's snapshot is unpacked on its own: a parent the layer left out would be made up (root, 0755)
        // and, being higher in the overlay, hide the real one: here /tmp (1777), /tmp/w (app's) and /s (setgid).
        List<String> output = new ArrayList<>();
        ResolvedImage image = build("run-parents:1", """
                FROM jbuild-test/busybox:1
                USER app
                WORKDIR /tmp/w
                RUN touch here
                USER 1000:0
                RUN touch /tmp/w/numeric && stat -c 'tmp=%a' /tmp
                USER root
                RUN mkdir /s && chmod 2775 /s && chown 1000:1000 /s
                RUN touch /s/f
                RUN mkdir /s/sub && stat -c 's=%a sub=%a' /s /s/sub
                """, Map.of(), output);
        assertThat(output).contains("tmp=1777");
        Map<String, String> t = tree(image);
        assertThat(t).containsEntry("tmp", "dir 1777 0:0").containsEntry("tmp/w", "dir 755 1000:1000")
                .containsEntry("tmp/w/numeric", "file 644 1000:0").containsEntry("s/sub", "dir 2755 0:1000");
    }

    /**
     * A base image's {@code ONBUILD RUN --mount=type=bind,from=STAGE} mounts a stage of the consuming Dockerfile
     * (BuildKit: frontend/dockerfile/dockerfile_onbuild_test.go, testOnBuildNewDeps).
     */
    @Test
    void onbuildRunMountsAStageOfTheConsumingDockerfile() throws Exception {
        build("onbuild-mount-base:1", "FROM jbuild-test/busybox:1\n"
                + "ONBUILD RUN --mount=type=bind,target=/in,from=inputstage cat /in/foo > /bar\n", Map.of(),
                new ArrayList<>());
        ResolvedImage image = build("onbuild-mount-child:1", """
                FROM jbuild-test/busybox:1 AS inputstage
                RUN echo -n foo > /foo
                FROM onbuild-mount-base:1
                """, Map.of(), new ArrayList<>());
        assertThat(layerFile(image, "bar")).isEqualTo("foo");
    }

    /** A required secret not given fails in BuildKit's words (dockerfile_secrets_test.go, testSecretRequiredWithoutValue). */
    @Test
    void aMissingRequiredSecretFailsInBuildKitsWords() {
        assertThatThrownBy(() -> build("secret-missing:1", "FROM jbuild-test/busybox:1\n"
                + "RUN --mount=type=secret,required,id=mysecret true\n", Map.of(), new ArrayList<>()))
                .isInstanceOfSatisfying(BuildException.class, e -> assertThat(e.problems().get(0).message())
                        .startsWith("RUN: secret mysecret: not found"));
    }

    /** A proxy build arg given in one case reaches RUN in both, as BuildKit's executor sets them (issue #16). */
    @Test
    void proxyBuildArgsReachRunInBothSpellings() throws Exception {
        ResolvedImage image = build("proxy:1", "FROM jbuild-test/busybox:1\n"
                + "RUN echo \"$HTTP_PROXY|$http_proxy|$NO_PROXY|$no_proxy\" > /p\n",
                Map.of("http_proxy", "hp", "NO_PROXY", "localhost"), new ArrayList<>());
        assertThat(layerFile(image, "p")).isEqualTo("hp|hp|localhost|localhost\n");
        assertThat(image.config().history()).noneMatch(h -> h.createdBy().contains("hp"));
    }

    @Test
    void bindMountsFromAnImageAndFromTheContextWithItsIgnoreRulesKeyTheCache() throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("ctx-bind"));
        Files.createDirectories(ctx.resolve("src/private"));
        Files.writeString(ctx.resolve("src/app.txt"), "v1");
        Files.writeString(ctx.resolve("src/private/key"), "secret");
        Files.writeString(ctx.resolve("src/notes.tmp"), "tmp");
        Files.writeString(ctx.resolve(".dockerignore"), "src/private\n*/*.tmp\n");
        Files.writeString(ctx.resolve("Dockerfile"), """
                FROM jbuild-test/busybox:1
                RUN --mount=type=bind,from=jbuild-test/busybox:1,source=/etc,target=/base-etc \\
                    cp /base-etc/passwd /passwd-from-image
                RUN --mount=type=bind,source=src,target=/src find /src | sort > /seen && cat /src/app.txt > /app
                RUN --mount=type=bind,source=src/private/key,target=/k true
                """);
        List<Integer> cached = new ArrayList<>();
        BuildListener listener = new BuildListener() {
            @Override
            public void stepCached(String stage, int number) {
                cached.add(number);
            }
        };
        BuildRequest req = BuildRequest.builder(ctx).tags(List.of("run-bind:1")).build();
        // The ignored file cannot be mounted, as in BuildKit, where it is not in the context at all.
        assertThatThrownBy(() -> builder.build(req, listener)).isInstanceOfSatisfying(BuildException.class,
                e -> assertThat(e.getMessage()).contains("src/private/key").contains("excluded by .dockerignore"));
        Files.writeString(ctx.resolve("Dockerfile"), Files.readString(ctx.resolve("Dockerfile"))
                .replace("RUN --mount=type=bind,source=src/private/key,target=/k true\n", ""));
        builder.build(req, listener);
        ResolvedImage image = store.resolve("run-bind:1");
        Map<String, String> t = tree(image);
        assertThat(t).containsKeys("passwd-from-image", "seen", "app").doesNotContainKeys("base-etc", "src");
        assertThat(layerFile(image, "seen")).isEqualTo("/src\n/src/app.txt\n");
        assertThat(layerFile(image, "passwd-from-image")).startsWith("root:x:0:0:");
        assertThat(ctx.resolve("src/private/key")).hasContent("secret");

        // A changed file under the bind mount runs the step again; the image mount stays cached.
        cached.clear();
        Files.writeString(ctx.resolve("src/app.txt"), "v2");
        builder.build(req, listener);
        assertThat(cached).containsExactly(2);
        assertThat(layerFile(store.resolve("run-bind:1"), "app")).isEqualTo("v2");
    }

    @Test
    void fileCapabilitiesGoThroughSnapshotsCopyUpAndLayersByteForByte() throws Exception {
        List<Path> tools = List.of(Path.of("/usr/sbin/setcap"), Path.of("/usr/sbin/getcap"),
                Path.of("/lib/x86_64-linux-gnu/libcap.so.2"), Path.of("/lib/x86_64-linux-gnu/libc.so.6"),
                Path.of("/lib64/ld-linux-x86-64.so.2"));
        assumeTrue(tools.stream().allMatch(Files::exists) && HostXattrs.canRead(),
                "needs libcap2-bin (setcap, getcap) and attr (getfattr) on Debian amd64 (installed by .ci/run)");
        Path ctx = Files.createDirectories(tmp.resolve("ctx-caps"));
        StringBuilder copies = new StringBuilder();
        for (Path tool : tools) {
            Path inCtx = ctx.resolve("host" + tool);
            Files.createDirectories(inCtx.getParent());
            Files.copy(tool, inCtx); // follows the loader's symlink: the context holds real files
            copies.append("COPY host").append(tool).append(' ').append(tool).append('\n');
        }
        Files.writeString(ctx.resolve("Dockerfile"), "FROM jbuild-test/busybox:1\n" + copies + """
                RUN mkdir -p /usr/local/bin && cp /bin/busybox /usr/local/bin/ping && cp /bin/busybox /usr/local/bin/ping2 \\
                    && setcap cap_net_raw,cap_setuid+ep /usr/local/bin/ping && setcap cap_net_raw+ep /usr/local/bin/ping2
                RUN chmod 4755 /usr/local/bin/ping && setcap -r /usr/local/bin/ping2 && getcap /usr/local/bin/ping
                """);
        List<String> output = new ArrayList<>();
        builder.build(BuildRequest.builder(ctx).tags(List.of("run-caps:1")).build(), new BuildListener() {
            @Override
            public void output(String stage, int number, String line) {
                output.add(line);
            }
        });
        // The capability set by the first RUN, unpacked into its snapshot, is what the second RUN's container sees.
        assertThat(output).contains("/usr/local/bin/ping cap_setuid,cap_net_raw=ep");
        ResolvedImage image = store.resolve("run-caps:1");
        List<Descriptor> layers = image.manifest().layers();
        byte[] cap = HexFormat.of().parseHex("0100000280200000000000000000000000000000");
        Map<String, Map<String, byte[]>> setcapLayer = layerXattrs(layers.get(layers.size() - 2));
        assertThat(setcapLayer.get("usr/local/bin/ping")).containsOnlyKeys(HostXattrs.CAPABILITY);
        assertThat(setcapLayer.get("usr/local/bin/ping").get(HostXattrs.CAPABILITY)).isEqualTo(cap);
        assertThat(setcapLayer.get("usr/local/bin/ping2").get(HostXattrs.CAPABILITY))
                .isEqualTo(HexFormat.of().parseHex("0100000200200000000000000000000000000000"));
        // chmod copied ping up with its capability; setcap -r changed neither size nor time, yet ping2 is there.
        Map<String, Map<String, byte[]>> last = layerXattrs(layers.get(layers.size() - 1));
        assertThat(last.get("usr/local/bin/ping").get(HostXattrs.CAPABILITY)).isEqualTo(cap);
        assertThat(last).containsKey("usr/local/bin/ping2");
        assertThat(last.get("usr/local/bin/ping2")).isEmpty();
        assertThat(last.values()).allSatisfy(x -> assertThat(x.keySet()).noneMatch(k -> k.contains("overlay")));

        // COPY --from keeps them (here from the image just built, unpacked with its capabilities set).
        Path copyCtx = Files.createDirectories(tmp.resolve("ctx-caps-copy"));
        Files.writeString(copyCtx.resolve("Dockerfile"), """
                FROM jbuild-test/busybox:1
                COPY --from=run-caps:1 /usr/local/bin/ /copied/
                """);
        builder.build(BuildRequest.builder(copyCtx).tags(List.of("run-caps-copy:1")).build(), BuildListener.SILENT);
        List<Descriptor> copyLayers = store.resolve("run-caps-copy:1").manifest().layers();
        Map<String, Map<String, byte[]>> copied = layerXattrs(copyLayers.get(copyLayers.size() - 1));
        assertThat(copied.get("copied/ping").get(HostXattrs.CAPABILITY)).isEqualTo(cap);
        assertThat(copied.get("copied/ping2")).isEmpty();

        // An independent unpacker sees the same.
        if (Files.isExecutable(Path.of("/usr/bin/umoci"))) {
            Path bundle = tmp.resolve("bundle-caps");
            Process p = new ProcessBuilder("umoci", "unpack", "--image", store.layoutDir() + ":docker.io/library/run-caps:1",
                    bundle.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(HostXattrs.readOne(bundle.resolve("rootfs/usr/local/bin/ping"), HostXattrs.CAPABILITY))
                    .contains(cap);
            assertThat(HostXattrs.readOne(bundle.resolve("rootfs/usr/local/bin/ping2"), HostXattrs.CAPABILITY))
                    .isEmpty();
            assertThat(Files.getAttribute(bundle.resolve("rootfs/usr/local/bin/ping"), "unix:mode"))
                    .isEqualTo(0104755);
        }
    }

    /** The extended attributes of every entry of a layer, as its PAX headers hold them (raw bytes). */
    private Map<String, Map<String, byte[]>> layerXattrs(Descriptor layer) throws IOException {
        Map<String, Map<String, byte[]>> out = new TreeMap<>();
        try (InputStream in = new GZIPInputStream(store.blobs().open(layer.digest()))) {
            // commons-compress decodes PAX values as text; the raw records are read here from the tar bytes.
            byte[] tar = in.readAllBytes();
            int pos = 0;
            Map<String, byte[]> pending = Map.of();
            while (pos + 512 <= tar.length && tar[pos] != 0) {
                String name = new String(tar, pos, 100, StandardCharsets.UTF_8).replaceAll("\u0000.*", "");
                long size = Long.parseLong(new String(tar, pos + 124, 12, StandardCharsets.US_ASCII)
                        .replaceAll("[\u0000 ]", "").replaceFirst("^$", "0"), 8);
                byte type = tar[pos + 156];
                int body = pos + 512;
                if (type == 'x') {
                    pending = new TreeMap<>();
                    int i = body;
                    while (i < body + size) {
                        int sp = i;
                        while (tar[sp] != ' ') {
                            sp++;
                        }
                        int len = Integer.parseInt(new String(tar, i, sp - i, StandardCharsets.US_ASCII));
                        int eq = sp;
                        while (tar[eq] != '=') {
                            eq++;
                        }
                        String key = new String(tar, sp + 1, eq - sp - 1, StandardCharsets.UTF_8);
                        if (key.equals("path")) {
                            name = new String(tar, eq + 1, i + len - eq - 2, StandardCharsets.UTF_8);
                            pending.put("\u0000path", name.getBytes(StandardCharsets.UTF_8));
                        } else if (key.startsWith("SCHILY.xattr.")) {
                            pending.put(key.substring(13), Arrays.copyOfRange(tar, eq + 1, i + len - 1));
                        }
                        i += len;
                    }
                } else {
                    Map<String, byte[]> x = new TreeMap<>(pending);
                    byte[] longName = x.remove("\u0000path");
                    out.put(longName != null ? new String(longName, StandardCharsets.UTF_8) : name.replaceAll("/$", ""),
                            x);
                    pending = Map.of();
                }
                pos = body + (int) ((size + 511) / 512 * 512);
            }
        }
        return out;
    }

    /** The content of {@code path} in the topmost layer that has it. */
    private String layerFile(ResolvedImage image, String path) throws IOException {
        String found = null;
        for (Descriptor layer : image.manifest().layers()) {
            try (InputStream in = new GZIPInputStream(store.blobs().open(layer.digest()));
                 TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    if (e.getName().equals(path)) {
                        found = new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                    }
                }
            }
        }
        return found;
    }

    @Test
    void theDefaultUserHasRootsSupplementaryGroups() throws Exception {
        // BuildKit's client_test.go testUser: `id -Gn` with no USER prints what it prints after USER root.
        ResolvedImage image = build("groups:1", """
                FROM jbuild-test/busybox:1
                RUN echo 'wheel:x:10:root' >> /etc/group && echo 'adm:x:4:app,root' >> /etc/group
                RUN id -G > /default
                USER root
                RUN id -G > /as-root
                USER 0:0
                RUN id -G > /numeric
                """, Map.of(), new ArrayList<>());
        assertThat(layerFile(image, "default")).isEqualTo("0 4 10\n"); // the kernel sorts the groups
        assertThat(layerFile(image, "as-root")).isEqualTo("0 4 10\n"); // the kernel sorts the groups
        assertThat(layerFile(image, "numeric")).isEqualTo("0\n"); // both ids numeric: no lookup
    }

    @Test
    void buildkitSandboxHostnameNamesTheRunContainers() throws Exception {
        // BuildKit's dockerfile_core_test.go testDockerfileCheckHostname, case "arg".
        String dockerfile = """
                FROM jbuild-test/busybox:1
                RUN grep -w foo /etc/hosts > /hosts && echo $HOSTNAME > /env && hostname > /name
                """;
        ResolvedImage image = build("hostname:1", dockerfile, Map.of("BUILDKIT_SANDBOX_HOSTNAME", "foo"),
                new ArrayList<>());
        assertThat(layerFile(image, "name")).isEqualTo("foo\n");
        assertThat(layerFile(image, "env")).isEqualTo("foo\n");
        assertThat(layerFile(image, "hosts")).isEqualTo("127.0.0.1\tlocalhost foo\n");
        assertThat(layerFile(image, "etc/hosts")).isNull(); // the generated file stays out of the layer

        // Another host name is another step, not a cache hit; none gives BuildKit's default.
        ResolvedImage other = build("hostname:2", dockerfile.replace("foo", "bar"),
                Map.of("BUILDKIT_SANDBOX_HOSTNAME", "bar"), new ArrayList<>());
        assertThat(layerFile(other, "name")).isEqualTo("bar\n");
        ResolvedImage plain = build("hostname:3", "FROM jbuild-test/busybox:1\nRUN hostname > /name\n", Map.of(),
                new ArrayList<>());
        assertThat(layerFile(plain, "name")).isEqualTo("buildkitsandbox\n");

        assertThatThrownBy(() -> build("hostname:4", dockerfile, Map.of("BUILDKIT_SANDBOX_HOSTNAME", "a b"),
                new ArrayList<>()))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("BUILDKIT_SANDBOX_HOSTNAME=a b: invalid hostname \"a b\"");
        assertThat(store.lookup(ImageReference.parse("hostname:4"))).isEmpty();
    }

    @Test
    void aHeredocWithAShebangRunsAsAFileThroughItsInterpreter() throws Exception {
        // BuildKit's dockerfile_heredoc_test.go testRunShebangHeredoc (and dockerfile2llb's dispatchRun): a lone
        // heredoc starting with #! is written to /dev/pipes/NAME, mode 0755, and the shell runs that file.
        List<String> output = new ArrayList<>();
        ResolvedImage image = build("shebang:1", """
                FROM jbuild-test/busybox:1
                RUN <<EOF
                #!/bin/awk -f
                BEGIN { print "from awk" > "/awk.txt"; print "awk says hi" }
                EOF
                RUN <<-SCRIPT
                	#!/bin/sh -e
                	echo "$0 $(stat -c %a "$0")" > /self.txt
                	ls -d /dev/pipes >> /self.txt
                	SCRIPT
                RUN <<EOF
                echo "no shebang: $0" > /plain.txt
                EOF
                """, Map.of(), output);
        assertThat(layerFile(image, "awk.txt")).isEqualTo("from awk\n");
        assertThat(output).contains("awk says hi");
        assertThat(layerFile(image, "self.txt")).isEqualTo("/dev/pipes/SCRIPT 755\n/dev/pipes\n");
        assertThat(layerFile(image, "plain.txt")).isEqualTo("no shebang: /bin/sh\n");
        assertThat(tree(image).keySet()).noneMatch(p -> p.startsWith("dev/")); // the mount and its file stay out
        // History as BuildKit writes it: the shell runs the file.
        assertThat(image.config().history()).anySatisfy(h -> assertThat(h.createdBy())
                .isEqualTo("RUN /bin/sh -c /dev/pipes/EOF # buildkit"));

        // The body keys the step: another body under the same name is not a cache hit.
        ResolvedImage changed = build("shebang:2", """
                FROM jbuild-test/busybox:1
                RUN <<EOF
                #!/bin/awk -f
                BEGIN { print "changed" > "/awk.txt" }
                EOF
                """, Map.of(), new ArrayList<>());
        assertThat(layerFile(changed, "awk.txt")).isEqualTo("changed\n");
    }

    @Test
    void runNetworkHostIsAnEntitlementTheBuildMustGrant() throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("ctx-net-host"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM jbuild-test/busybox:1\n"
                + "RUN tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d \" \" | sort | tr '\\n' ' ' > /private\n"
                + "RUN --network=host tail -n +3 /proc/net/dev | wc -l > /host\n");
        assertThatThrownBy(() -> builder.build(BuildRequest.builder(ctx).tags(List.of("net-host:1")).build(),
                BuildListener.SILENT))
                .isInstanceOfSatisfying(BuildException.class, e -> {
                    assertThat(e.problems().get(0).range().start().line()).isEqualTo(3);
                    assertThat(e.getMessage()).contains("--network=host is not allowed")
                            .contains("--allow network.host");
                });
        assertThat(store.list()).noneMatch(s -> s.toString().contains("net-host"));

        List<String> output = new ArrayList<>();
        builder.build(BuildRequest.builder(ctx).allow(Set.of("network.host"))
                .tags(List.of("net-host:1")).build(), new BuildListener() {
                    @Override
                    public void output(String stage, int number, String line) {
                        output.add(line);
                    }
                });
        ResolvedImage image = store.resolve("net-host:1");
        Map<String, String> files = new HashMap<>();
        for (Descriptor layer : image.manifest().layers()) {
            try (InputStream in = new GZIPInputStream(store.blobs().open(layer.digest()));
                 TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    if (e.isFile()) {
                        files.put(e.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        assertThat(files.get("private")).as("RUN's default network: its own").isEqualTo("lo tap0 ");
        assertThat(Integer.parseInt(files.get("host").strip())).as("the host's interfaces")
                .isEqualTo(Files.readAllLines(Path.of("/proc/net/dev")).size() - 2);

        // The step is cached now; a build that does not grant the host network still fails at it.
        assertThatThrownBy(() -> builder.build(BuildRequest.builder(ctx).tags(List.of("net-host:2")).build(),
                BuildListener.SILENT))
                .isInstanceOfSatisfying(BuildException.class, e -> assertThat(e.getMessage())
                        .contains("--network=host is not allowed"));
        assertThat(store.list()).noneMatch(s -> s.toString().contains("net-host:2"));
    }

    @Test
    void failingRunNamesTheLineAndWritesNothing() throws Exception {
        assertThatThrownBy(() -> build("run-fail:1", "FROM jbuild-test/busybox:1\nRUN echo about to fail && exit 3\n",
                Map.of(), new ArrayList<>()))
                .isInstanceOfSatisfying(BuildException.class, e -> {
                    assertThat(e.problems().get(0).range().start().line()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("exited with code 3").contains("about to fail");
                });
        assertThat(store.list()).noneMatch(s -> s.toString().contains("run-fail"));
    }

    @Test
    void runStepsAreCachedAndEmptyStepsAddNoLayer() throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("ctx-cache"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM jbuild-test/busybox:1\nRUN true\nRUN cat /proc/sys/kernel/random/uuid > /once\n");
        List<Integer> cached = new ArrayList<>();
        BuildListener listener = new BuildListener() {
            @Override
            public void stepCached(String stage, int number) {
                cached.add(number);
            }
        };
        BuildRequest req = BuildRequest.builder(ctx).tags(List.of("run-cache:1")).build();
        builder.build(req, listener);
        ResolvedImage first = store.resolve("run-cache:1");
        ResolvedImage base = store.resolve("jbuild-test/busybox:1");
        assertThat(first.manifest().layers()).hasSize(base.manifest().layers().size() + 1);
        assertThat(cached).isEmpty();
        builder.build(req, listener);
        assertThat(cached).containsExactly(2, 3);
        assertThat(store.resolve("run-cache:1").manifest().layers()).isEqualTo(first.manifest().layers());
        cached.clear();
        builder.build(req.toBuilder().noCache(true).build(), listener);
        assertThat(cached).isEmpty();
        assertThat(store.resolve("run-cache:1").manifest().layers().get(first.manifest().layers().size() - 1))
                .isNotEqualTo(first.manifest().layers().get(first.manifest().layers().size() - 1));
    }

    @Test
    void aRunsLayerIsCompressedWhileTheNextStepRunsIntoTheSameBlobsAndCacheEntries() throws Exception {
        // The compression pool holds every block until step 3's command has run (it leaves a file in its cache
        // mount, on the host): compressing step 2's layer before going on would wait the full 20 s (and the test
        // fail); compressed beside step 3, it waits for nothing.
        String cacheId = "deferred-" + System.nanoTime();
        AtomicBoolean heldUp = new AtomicBoolean();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>()) {
            @Override
            protected void beforeExecute(Thread t, Runnable r) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!heldUp.get() && !stepThreeRan()) {
                    if (System.nanoTime() > deadline) {
                        heldUp.set(true);
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        };
        List<Integer> cached = new ArrayList<>();
        List<String> events = new ArrayList<>();
        BuildListener listener = new BuildListener() {
            @Override
            public void stepStarted(String stage, int number, int total, String text) {
                events.add("start " + number);
            }

            @Override
            public void stepDone(String stage, int number, Duration took) {
                events.add("done " + number);
            }

            @Override
            public void stepCached(String stage, int number) {
                cached.add(number);
            }
        };
        Path ctx = Files.createDirectories(tmp.resolve("ctx-deferred"));
        // a few MB, compressible and not, over several of the gzip's blocks; then a step that reads them
        Files.writeString(ctx.resolve("Dockerfile"), "FROM jbuild-test/busybox:1\n"
                + "RUN mkdir /d && head -c 1500000 /dev/urandom > /d/random && seq 1 400000 > /d/text"
                + " && echo " + System.nanoTime() + " > /d/stamp\n"
                + "RUN --mount=type=cache,target=/c,id=" + cacheId + " cat /d/text /d/random | wc -c > /d/count"
                + " && touch /c/started\n");
        BuildRequest request = BuildRequest.builder(ctx).tags(List.of("deferred:1")).build();
        try {
            new ImageBuilder(store, pool, 2).build(request, listener);
        } finally {
            pool.shutdownNow();
        }
        assertThat(heldUp).as("step 2's layer was compressed before step 3 could start").isFalse();
        // and the steps are still reported one after the other, each done once its layer is stored
        assertThat(events).containsExactly("start 1", "done 1", "start 2", "done 2", "start 3", "done 3");
        ResolvedImage image = store.resolve("deferred:1");
        List<Descriptor> layers = image.manifest().layers();
        List<Digest> diffIds = image.config().rootfs().diffIds();
        int base = store.resolve("jbuild-test/busybox:1").manifest().layers().size();
        assertThat(layers).hasSize(base + 2);
        for (int i = base; i < layers.size(); i++) {
            Descriptor layer = layers.get(i);
            byte[] blob;
            try (InputStream in = store.blobs().open(layer.digest())) {
                blob = in.readAllBytes();
            }
            assertThat(layer.size()).isEqualTo(blob.length);
            assertThat(sha256(blob)).isEqualTo(layer.digest().toString());
            try (InputStream tar = new GZIPInputStream(new ByteArrayInputStream(blob))) {
                assertThat(sha256(tar.readAllBytes())).isEqualTo(diffIds.get(i).toString());
            }
        }
        assertThat(lastLayer(image)).containsKey("d/count");
        try (var walk = Files.walk(store.paths().buildWork())) {
            assertThat(walk.filter(p -> p.getFileName().toString().endsWith(".tar")).toList())
                    .as("spool files left").isEmpty();
        }
        // The cache entries name the blobs just made: a second build takes both steps and makes the same image.
        builder.build(request, listener);
        assertThat(cached).containsExactly(2, 3);
        assertThat(store.resolve("deferred:1").manifest().layers()).isEqualTo(layers);
    }

    @Test
    void theRunsBeforeAFailingStepStayCachedWithTheirBlobs() throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("ctx-deferred-fail"));
        String first = "FROM jbuild-test/busybox:1\nRUN seq 1 100000 > /n && echo " + System.nanoTime() + " >> /n\n";
        Files.writeString(ctx.resolve("Dockerfile"), first + "RUN exit 4\n");
        BuildRequest request = BuildRequest.builder(ctx).tags(List.of("deferred-fail:1")).build();
        assertThatThrownBy(() -> builder.build(request, BuildListener.SILENT))
                .isInstanceOfSatisfying(BuildException.class, e -> assertThat(e.getMessage())
                        .contains("exited with code 4"));
        Files.writeString(ctx.resolve("Dockerfile"), first + "RUN true\n");
        List<Integer> cached = new ArrayList<>();
        builder.build(request, new BuildListener() {
            @Override
            public void stepCached(String stage, int number) {
                cached.add(number);
            }
        });
        assertThat(cached).containsExactly(2);
        ResolvedImage image = store.resolve("deferred-fail:1");
        Descriptor layer = image.manifest().layers().get(image.manifest().layers().size() - 1);
        assertThat(store.blobs().has(layer.digest())).isTrue();
    }

    /** Whether a RUN left {@code started} in one of the store's cache mounts. */
    private static boolean stepThreeRan() {
        try (var dirs = Files.list(store.paths().runState().resolve("cache"))) {
            return dirs.anyMatch(d -> Files.exists(d.resolve("data/started")));
        } catch (IOException e) {
            return false;
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void stepsLookAtTheStageThroughSnapshotsKeptForLaterBuilds() throws Exception {
        // A layer no RUN ever mounted (a COPY's): a WORKDIR over it looks at the file system through the store's
        // snapshots, unpacked once and reused by the next build, not through a tree unpacked per build: metadata
        // snapshots (no file's bytes) when no layer of the stack was unpacked whole before, else full ones (an
        // earlier test of this class may have run a RUN on the base).
        Path ctx = Files.createDirectories(tmp.resolve("ctx-snapview"));
        Files.writeString(ctx.resolve("f"), "snapview " + System.nanoTime());
        Files.writeString(ctx.resolve("Dockerfile"), "FROM jbuild-test/busybox:1\nCOPY f /f\n");
        builder.build(BuildRequest.builder(ctx).tags(List.of("snapview:base")).build(), BuildListener.SILENT);
        ResolvedImage base = store.resolve("snapview:base");
        SnapshotStore snapshots = new SnapshotStore(store.paths().snapshots());
        String copied = base.config().rootfs().diffIds().get(base.config().rootfs().diffIds().size() - 1).toString();
        assertThat(snapshots.find(copied)).isEmpty();

        Map<String, Object> keys = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            Files.writeString(ctx.resolve("Dockerfile"), "FROM snapview:base\nUSER app\nWORKDIR /w" + i + "/sub\n");
            builder.build(BuildRequest.builder(ctx).noCache(true).tags(List.of("snapview:" + i)).build(),
                    BuildListener.SILENT);
            Map<String, String> layer = lastLayer(store.resolve("snapview:" + i));
            assertThat(layer).containsOnlyKeys("w" + i + "/", "w" + i + "/sub/");
            assertThat(layer.get("w" + i + "/sub/")).isEqualTo("dir 755 1000:1000");
            SnapshotStore metadata = SnapshotStore.metadataOnly(store.paths().snapshotMetadata(),
                    SnapshotStore.DEFAULT_MAX_LAYER_BYTES, 64 << 10);
            for (Digest d : base.config().rootfs().diffIds()) {
                Path fs = snapshots.find(d.toString()).or(() -> metadata.find(d.toString()))
                        .orElseThrow(() -> new AssertionError("no snapshot of " + d));
                Object key = Files.readAttributes(fs, BasicFileAttributes.class).fileKey();
                assertThat(keys.putIfAbsent(d.toString(), key)).as("the snapshot of %s is not remade", d)
                        .isIn(null, key);
            }
        }
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(store.root().toString());
    }

    @Test
    void aRunsUpperDirectoryIsKeptAsItsLayersSnapshotExactlyAsTheLayerUnpacks() throws Exception {
        // What the next step sees must be what a cache hit (unpacking the layer) would show: the upper directory
        // is trimmed to the layer (mount stubs, unchanged copy-ups and short-lived files gone, times the layer's).
        String run = "RUN mkdir -p /data/sub && echo hi > /data/sub/f && ln /data/sub/f /data/hl"
                + " && ln -s sub/f /data/sl && mkfifo /data/fifo && touch -d @1 /data/old"
                + " && touch /gone && rm /gone && rm /etc/group && rm -rf /root && mkdir /root && echo x > /root/new"
                + " && chmod 1777 /tmp && echo " + System.nanoTime() + " > /data/stamp\n";
        for (Optional<Instant> epoch : List.of(Optional.<Instant>empty(), Optional.of(Instant.ofEpochSecond(1000)))) {
            Path ctx = Files.createDirectories(tmp.resolve("ctx-upper" + epoch.isPresent()));
            Files.writeString(ctx.resolve("Dockerfile"), "FROM jbuild-test/busybox:1\n" + run);
            BuildRequest.Builder request = BuildRequest.builder(ctx).noCache(true).tags(List.of("upper:1"));
            epoch.ifPresent(request::sourceDateEpoch);
            builder.build(request.build(), BuildListener.SILENT);
            ResolvedImage image = store.resolve("upper:1");
            Descriptor layer = image.manifest().layers().get(image.manifest().layers().size() - 1);
            String diffId = image.config().rootfs().diffIds().get(image.manifest().layers().size() - 1).toString();
            Path kept = new SnapshotStore(store.paths().snapshots()).find(diffId)
                    .orElseThrow(() -> new AssertionError("the RUN's layer has no snapshot"));
            SnapshotStore fresh = new SnapshotStore(Files.createTempDirectory(tmp, "fresh"));
            Path unpacked;
            try (InputStream in = store.blobs().open(layer.digest())) {
                unpacked = fresh.unpack(diffId, in);
            }
            assertThat(describe(kept)).containsKeys("data/fifo", "data/hl", "data/old", "etc/group", "root/new")
                    .doesNotContainKeys("gone", "tmp", "etc/hosts", "etc/passwd")
                    .isEqualTo(describe(unpacked));
            assertThat(Files.exists(kept.getParent().resolve("implicit-dirs")))
                    .isEqualTo(Files.exists(unpacked.getParent().resolve("implicit-dirs")));
        }
    }

    /** Every entry below {@code root}: type, mode, owner, size, time (to the nanosecond), link, user attributes. */
    private static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (var walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size,lastModifiedTime,rdev,nlink",
                        LinkOption.NOFOLLOW_LINKS);
                if (((Integer) a.get("mode") & 0170000) == 0020000 && ((Long) a.get("rdev")) == 0) {
                    out.put(root.relativize(p).toString(), "whiteout"); // its mode and time show nowhere
                    continue;
                }
                StringBuilder d = new StringBuilder(Integer.toOctalString((Integer) a.get("mode")))
                        .append(' ').append(a.get("uid")).append(':').append(a.get("gid"))
                        .append(" nlink=").append(a.get("nlink")).append(" rdev=").append(a.get("rdev"));
                if (Files.isSymbolicLink(p)) {
                    d.append(" -> ").append(Files.readSymbolicLink(p));
                } else {
                    if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        d.append(" size=").append(a.get("size"));
                    }
                    if (!p.equals(root)) { // the root is made with the snapshot, not by the layer
                        d.append(" t=").append(a.get("lastModifiedTime"));
                    }
                    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) || Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        d.append(" user=").append(Files.getFileAttributeView(p, UserDefinedFileAttributeView.class,
                                LinkOption.NOFOLLOW_LINKS).list().stream().sorted().toList());
                    }
                }
                out.put(root.relativize(p).toString(), d.toString());
            }
        }
        return out;
    }

    /** The entries of an image's last layer: path to "dir MODE UID:GID" (directories) or "file". */
    private static Map<String, String> lastLayer(ResolvedImage image) throws IOException {
        Descriptor last = image.manifest().layers().get(image.manifest().layers().size() - 1);
        Map<String, String> out = new TreeMap<>();
        try (InputStream in = store.blobs().open(last.digest());
             TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                out.put(e.getName(), e.isDirectory() ? "dir " + Integer.toOctalString(e.getMode() & 07777) + " "
                        + e.getLongUserId() + ":" + e.getLongGroupId() : "file");
            }
        }
        return out;
    }
}
