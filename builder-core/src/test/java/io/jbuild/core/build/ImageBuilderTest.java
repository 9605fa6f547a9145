package io.jbuild.core.build;

import io.jbuild.grammar.shell.DefaultPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.jbuild.core.image.ContainerConfig;
import io.jbuild.core.image.Descriptor;
import io.jbuild.core.image.ImageConfig;
import io.jbuild.core.registry.RegistryOptions;
import io.jbuild.core.registry.TransferLimits;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.ResolvedImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageBuilderTest {

    private static final String SCRATCH_PATH = DefaultPath.ENTRY;

    @TempDir
    Path tmp;
    Path context;
    ImageStore store;
    ImageBuilder builder;

    @BeforeEach
    void setUp() throws IOException {
        context = Files.createDirectories(tmp.resolve("context"));
        store = ImageStore.open(tmp.resolve("store"));
        builder = new ImageBuilder(store, null, 1);
    }

    private void file(String name, String content) throws IOException {
        Path p = context.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private ResolvedImage build(String dockerfile, String tag) throws Exception {
        return build(dockerfile, tag, BuildRequest.of(context));
    }

    private ResolvedImage build(String dockerfile, String tag, BuildRequest base) throws Exception {
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        builder.build(base.toBuilder().tags(List.of(tag)).build(), BuildListener.SILENT);
        return store.resolve(tag);
    }

    /** path → "type mode uid:gid [content|target]" over all layers applied in order (later wins). */
    private Map<String, String> tree(ResolvedImage image) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (Descriptor layer : image.manifest().layers()) {
            try (InputStream in = new GZIPInputStream(store.blobs().open(layer.digest()));
                 TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    String kind = e.isDirectory() ? "dir" : e.isSymbolicLink() ? "link" : e.isLink() ? "hard" : "file";
                    String extra = e.isSymbolicLink() || e.isLink() ? e.getLinkName()
                            : e.isFile() ? new String(tar.readAllBytes(), StandardCharsets.UTF_8) : "";
                    out.put(e.getName(), kind + " " + Integer.toOctalString(e.getMode()) + " " + e.getLongUserId() + ":"
                            + e.getLongGroupId() + (extra.isEmpty() ? "" : " " + extra));
                }
            }
        }
        return out;
    }

    @Test
    void seedHelloLayoutFromScratch() throws Exception {
        file("hello.py", "print('hi')\n");
        ResolvedImage image = build("""
                FROM scratch
                WORKDIR /root
                COPY hello.py  .
                ENV my_ver 1.0
                CMD ["python", "hello.py", "guest"]
                """, "hello:1");
        ContainerConfig c = image.config().config();
        assertThat(c.env()).containsExactly(SCRATCH_PATH, "my_ver=1.0");
        assertThat(c.cmd()).containsExactly("python", "hello.py", "guest");
        assertThat(c.workingDir()).isEqualTo("/root");
        assertThat(tree(image)).containsEntry("root/", "dir 755 0:0")
                .containsEntry("root/hello.py", "file 644 0:0 print('hi')\n");
        assertThat(image.config().history()).extracting(ImageConfig.History::createdBy)
                .containsExactly("WORKDIR /root", "COPY hello.py . # buildkit", "ENV my_ver=1.0",
                        "CMD [\"python\" \"hello.py\" \"guest\"]");
        assertThat(image.config().history()).extracting(ImageConfig.History::emptyLayer)
                .containsExactly(null, null, true, true);
        assertThat(image.config().history()).extracting(ImageConfig.History::comment)
                .containsOnly("buildkit.dockerfile.v0");
        assertThat(image.config().rootfs().diffIds()).hasSize(2);
    }

    @Test
    void everyConfigInstruction() throws Exception {
        ResolvedImage image = build("""
                FROM scratch
                ARG V=1.2
                LABEL org.opencontainers.image.version=$V "team"="core"
                EXPOSE 8080 53/udp 9000-9001
                VOLUME ["/data", "/logs"]
                USER 1000:1000
                STOPSIGNAL SIGQUIT
                SHELL ["/bin/bash", "-c"]
                HEALTHCHECK --interval=30s --timeout=3s --retries=2 CMD curl -f http://localhost/
                ENTRYPOINT echo hello
                MAINTAINER someone@example.invalid
                ONBUILD COPY . /app
                """, "conf:1");
        ContainerConfig c = image.config().config();
        assertThat(c.labels()).containsEntry("org.opencontainers.image.version", "1.2").containsEntry("team", "core");
        assertThat(c.exposedPorts()).containsExactlyInAnyOrder("8080/tcp", "53/udp", "9000/tcp", "9001/tcp");
        assertThat(c.volumes()).containsExactlyInAnyOrder("/data", "/logs");
        assertThat(c.user()).isEqualTo("1000:1000");
        assertThat(c.stopSignal()).isEqualTo("SIGQUIT");
        assertThat(c.shell()).containsExactly("/bin/bash", "-c");
        assertThat(c.healthcheck().test()).containsExactly("CMD-SHELL", "curl -f http://localhost/");
        assertThat(c.healthcheck().interval()).isEqualTo(Duration.ofSeconds(30).toNanos());
        assertThat(c.healthcheck().retries()).isEqualTo(2);
        assertThat(c.entrypoint()).containsExactly("/bin/bash", "-c", "echo hello");
        assertThat(c.onBuild()).containsExactly("COPY . /app");
        assertThat(image.config().author()).isEqualTo("someone@example.invalid");
        assertThat(c.env()).containsExactly(SCRATCH_PATH); // BuildKit's empty image has a PATH
        // BuildKit's commitToHistory messages: Go's %v / %q / %+v of the values, no entry for ONBUILD.
        assertThat(image.config().history()).extracting(ImageConfig.History::createdBy).containsExactly(
                "ARG V=1.2",
                "LABEL org.opencontainers.image.version=1.2 team=core",
                "EXPOSE [8080/tcp 53/udp 9000/tcp 9001/tcp]",
                "VOLUME [/data /logs]",
                "USER 1000:1000",
                "STOPSIGNAL SIGQUIT",
                "SHELL [/bin/bash -c]",
                "HEALTHCHECK {Test:[CMD-SHELL curl -f http://localhost/] Interval:30s Timeout:3s StartPeriod:0s "
                        + "StartInterval:0s Retries:2}",
                "ENTRYPOINT [\"/bin/bash\" \"-c\" \"echo hello\"]",
                "MAINTAINER someone@example.invalid");
    }

    @Test
    void copyHistoryKeepsOnlyTheFlagsBuildKitRecords() throws Exception {
        file("a.txt", "A");
        ResolvedImage image = build("""
                FROM scratch AS one
                COPY a.txt /a
                FROM scratch
                COPY --from=one --chown=1:2 --chmod=600 --link /a /b
                COPY --exclude=*.md --parents ./a.txt /p/
                CMD ["say", "tab\\there \\"quoted\\"", "é"]
                """, "hist:1");
        assertThat(image.config().history()).extracting(ImageConfig.History::createdBy).containsExactly(
                "COPY --chown=1:2 --chmod=600 /a /b # buildkit",
                "COPY --parents ./a.txt /p/ # buildkit",
                "CMD [\"say\" \"tab\\there \\\"quoted\\\"\" \"é\"]");
    }

    @Test
    void copyParentsKeepsTheMatchedPathsBelowThePivot() throws Exception {
        file("x/a.txt", "xa");
        file("y/a.txt", "ya");
        file("x/y/b.txt", "xyb");
        file("x/y/c.md", "xyc");
        file("packages/foo/package.json", "foo");
        file("packages/bar/package.json", "bar");
        file("packages/bar/src/index.js", "js");
        file("packages/bar/node_modules/z/package.json", "ignored");
        file("docs/guide/intro.txt", "intro");
        file(".dockerignore", "**/node_modules\n");
        Files.setPosixFilePermissions(context.resolve("x"),
                PosixFilePermissions.fromString("rwxr-x---"));
        ResolvedImage image = build("""
                FROM scratch
                COPY ./x/a.txt ./y/a.txt /no_parents/
                COPY --parents ./x/a.txt ./y/a.txt /parents/
                COPY --parents x/./y/*.txt /pivot/
                COPY --parents **/package.json /app/
                COPY --parents --exclude=**/*.md docs x/y /whole/
                COPY --parents nothing/*.txt /empty/
                """, "parents:1");
        Map<String, String> t = tree(image);
        assertThat(t).containsEntry("no_parents/a.txt", "file 644 0:0 ya")
                .containsEntry("parents/x/", "dir 750 0:0") // a parent keeps its own metadata
                .containsEntry("parents/x/a.txt", "file 644 0:0 xa")
                .containsEntry("parents/y/a.txt", "file 644 0:0 ya")
                .containsEntry("pivot/y/b.txt", "file 644 0:0 xyb")
                .doesNotContainKeys("pivot/x/", "pivot/y/c.md", "parents/x/y/")
                .containsEntry("app/packages/foo/package.json", "file 644 0:0 foo")
                .containsEntry("app/packages/bar/package.json", "file 644 0:0 bar")
                .doesNotContainKeys("app/packages/bar/src/", "app/packages/bar/node_modules/")
                .containsEntry("whole/docs/guide/intro.txt", "file 644 0:0 intro")
                .containsEntry("whole/x/y/b.txt", "file 644 0:0 xyb")
                .doesNotContainKeys("whole/x/y/c.md", "whole/x/a.txt")
                .containsEntry("empty/", "dir 755 0:0");

        // The layer follows the content of deep matches: no stale cache hit.
        file("packages/foo/package.json", "foo 2");
        ResolvedImage again = build("FROM scratch\nCOPY --parents **/package.json /app/\n", "parents:2");
        assertThat(tree(again)).containsEntry("app/packages/foo/package.json", "file 644 0:0 foo 2");
        file("packages/foo/package.json", "foo 3");
        ResolvedImage third = build("FROM scratch\nCOPY --parents **/package.json /app/\n", "parents:3");
        assertThat(tree(third)).containsEntry("app/packages/foo/package.json", "file 644 0:0 foo 3");

        // From another stage too, its pivot inside that stage's tree.
        ResolvedImage fromStage = build("""
                FROM scratch AS src
                COPY x /opt/x
                FROM scratch
                COPY --from=src --parents /opt/./x/y/*.txt /d/
                """, "parents:from");
        assertThat(tree(fromStage)).containsEntry("d/x/y/b.txt", "file 644 0:0 xyb")
                .doesNotContainKeys("d/opt/", "d/x/a.txt");

        assertThatThrownBy(() -> build("FROM scratch\nCOPY --parents x/a.txt/./b /d/\n", "parents:bad"))
                .hasMessageContaining("x/a.txt is not a directory").satisfies(e -> assertThat(((BuildException) e)
                        .format("Dockerfile")).startsWith("Dockerfile:2:"));
    }

    @Test
    void multiStageCopyFromKeepsOwnersAndChownChanges() throws Exception {
        file("app/bin/run.sh", "#!/bin/sh\necho run\n");
        Files.setPosixFilePermissions(context.resolve("app/bin/run.sh"),
                PosixFilePermissions.fromString("rwxr-xr-x"));
        file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1001:1002::/home/app:/bin/sh\n");
        file("etc/group", "root:x:0:\napp:x:1002:\n");
        ResolvedImage image = build("""
                FROM scratch AS build
                COPY app /opt/app/
                COPY --chown=7:8 app/bin/run.sh /opt/owned.sh
                FROM scratch
                COPY etc/ /etc/
                COPY --from=build /opt /opt
                COPY --from=build --chown=app:app --chmod=0500 /opt/app/bin/run.sh /usr/local/bin/
                """, "multi:1");
        Map<String, String> t = tree(image);
        assertThat(t).containsEntry("opt/app/bin/run.sh", "file 755 0:0 #!/bin/sh\necho run\n")
                .containsEntry("opt/owned.sh", "file 755 7:8 #!/bin/sh\necho run\n")
                .containsEntry("usr/local/bin/run.sh", "file 500 1001:1002 #!/bin/sh\necho run\n");
    }

    @Test
    void heredocSourcesAndDestinationRules() throws Exception {
        file("a.txt", "A");
        file("b.txt", "B");
        ResolvedImage image = build("""
                FROM scratch
                COPY <<EOF /etc/app.conf
                key=value
                EOF
                COPY *.txt /texts/
                COPY a.txt /renamed
                """, "rules:1");
        assertThat(tree(image)).containsEntry("etc/app.conf", "file 644 0:0 key=value\n")
                .containsEntry("texts/a.txt", "file 644 0:0 A").containsEntry("texts/b.txt", "file 644 0:0 B")
                .containsEntry("renamed", "file 644 0:0 A");
        assertThatThrownBy(() -> build("FROM scratch\nCOPY a.txt b.txt /nodir\n", "bad:1"))
                .isInstanceOf(BuildException.class).hasMessageContaining("must be a directory and end with a /");
    }

    @Test
    void missingSourceNamesTheLine() throws Exception {
        assertThatThrownBy(() -> build("FROM scratch\n\nCOPY missing.txt /x\n", "missing:1"))
                .isInstanceOfSatisfying(BuildException.class, e -> {
                    assertThat(e.problems()).singleElement().satisfies(d -> {
                        assertThat(d.range().start().line()).isEqualTo(3);
                        assertThat(d.message()).contains("COPY: \"missing.txt\": not found in build context");
                    });
                });
        assertThat(store.list()).isEmpty();
    }

    @Test
    void baseImageFromTheStoreAndChildStage() throws Exception {
        file("bin/tool", "tool");
        build("FROM scratch\nENV PATH=/bin\nCOPY bin/tool /bin/tool\n", "base:1");
        ResolvedImage image = build("FROM base:1\nENV MORE=1\nCOPY bin/tool /bin/tool2\n", "child:1");
        assertThat(image.config().config().env()).containsExactly("PATH=/bin", "MORE=1");
        assertThat(tree(image)).containsKeys("bin/tool", "bin/tool2");
        assertThat(image.manifest().layers()).hasSize(2);
        assertThatThrownBy(() -> build("FROM nothere:1\n", "x:1")).isInstanceOfSatisfying(BuildException.class,
                e -> assertThat(e.problems().get(0).message()).contains("docker.io/library/nothere:1 is not in the local store"));
    }

    @Test
    void theProgressShowsFromWithItsArgumentsExpanded() throws Exception {
        file("bin/tool", "tool");
        build("FROM scratch\nCOPY bin/tool /bin/tool\n", "base:1");
        Files.writeString(context.resolve("Dockerfile"), "ARG BASE=base\nARG V=1\nFROM ${BASE}:${V} AS app\n"
                + "ENV X=1\nFROM scratch\nCOPY --from=app /bin/tool /tool\n");
        List<String> started = new ArrayList<>();
        builder.build(BuildRequest.builder(context).tags(List.of("expanded:1")).build(), new BuildListener() {
            @Override
            public void stepStarted(String stage, int number, int total, String text) {
                started.add(stage + " " + number + " " + text);
            }
        });
        assertThat(started).contains("app 1 FROM base:1", "1 1 FROM scratch");
    }

    @Test
    void cacheReusesLayersAndSourceDateEpochMakesBuildsReproducible() throws Exception {
        file("data/x.txt", "x");
        List<Integer> cached = new ArrayList<>();
        BuildListener listener = cachedSteps(cached);
        String df = "FROM scratch\nCOPY data /data\nLABEL a=b\n";
        Files.writeString(context.resolve("Dockerfile"), df);
        Instant epoch = Instant.parse("2024-01-01T00:00:00Z");
        BuildRequest req = BuildRequest.builder(context).sourceDateEpoch(epoch).tags(List.of("repro:1")).build();
        BuildResult first = builder.build(req, listener);
        assertThat(cached).isEmpty();
        Files.setLastModifiedTime(context.resolve("data/x.txt"), FileTime.from(Instant.parse("2025-06-01T00:00:00Z")));
        BuildResult second = builder.build(req, listener);
        assertThat(cached).containsExactly(2);
        assertThat(second.imageId()).isEqualTo(first.imageId());

        // A fresh store, another copy of the context with other file times: the same digest.
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.createDirectories(other.resolve("data"));
        Files.writeString(other.resolve("data/x.txt"), "x");
        Files.writeString(other.resolve("Dockerfile"), df);
        ImageStore store2 = ImageStore.open(tmp.resolve("store2"));
        BuildResult third = new ImageBuilder(store2, null, 1).build(BuildRequest.builder(other).sourceDateEpoch(epoch)
                .tags(List.of("repro:1")).build(), BuildListener.SILENT);
        assertThat(third.manifest().digest()).isEqualTo(first.manifest().digest());
        assertThat(store.resolve("repro:1").config().created()).isEqualTo("2024-01-01T00:00:00Z");

        cached.clear();
        builder.build(req.toBuilder().noCache(true).build(), listener);
        assertThat(cached).isEmpty();
    }


    @Test
    void copyLinkIgnoresTheLayersBelowAndIsReusedWhenTheyChange() throws Exception {
        file("base.txt", "one");
        file("app.txt", "app");
        Files.createDirectories(context.resolve("tree/opt/app"));
        Files.createSymbolicLink(context.resolve("tree/app"), Path.of("opt/app"));
        List<Integer> cached = new ArrayList<>();
        BuildListener listener = cachedSteps(cached);
        String df = """
                FROM scratch
                COPY tree/ /
                COPY base.txt /base.txt
                COPY app.txt /app/unlinked.txt
                COPY --link app.txt /app/
                """;
        Files.writeString(context.resolve("Dockerfile"), df);
        BuildResult first = builder.build(BuildRequest.builder(context).tags(List.of("link:1")).build(), listener);
        List<Descriptor> layers = store.resolve("link:1").manifest().layers();
        // A copy without --link writes where the destination's symlink points (with its parents, as BuildKit).
        assertThat(layerEntries(layers.get(2))).containsOnlyKeys("opt/", "opt/app/", "opt/app/unlinked.txt");
        // With --link, not through the symlink: a real /app directory, which replaces the link when applied.
        assertThat(layerEntries(layers.get(3))).containsOnlyKeys("app/", "app/app.txt");

        file("base.txt", "two"); // a layer below changes: the linked layer is reused, the others are not
        BuildResult second = builder.build(BuildRequest.builder(context).tags(List.of("link:2")).build(), listener);
        assertThat(cached).containsExactly(2, 5);
        List<Descriptor> again = store.resolve("link:2").manifest().layers();
        assertThat(again.get(3).digest()).isEqualTo(layers.get(3).digest());
        assertThat(again.get(1).digest()).isNotEqualTo(layers.get(1).digest());
        assertThat(second.imageId()).isNotEqualTo(first.imageId());
    }

    /** A listener that records the numbers of the steps reported cached. */
    private static BuildListener cachedSteps(List<Integer> into) {
        return new BuildListener() {
            @Override
            public void stepCached(String stage, int number) {
                into.add(number);
            }
        };
    }

    private Map<String, String> layerEntries(Descriptor layer) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (InputStream in = new GZIPInputStream(store.blobs().open(layer.digest()));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                out.put(e.getName(), Integer.toOctalString(e.getMode()));
            }
        }
        return out;
    }

    @Test
    void dockerignoreFiltersWhatCopySees() throws Exception {
        file("app/main.txt", "main");
        file("app/node_modules/dep/x.js", "dep");
        file("app/docs/a.md", "a");
        file("app/docs/README.md", "readme");
        file("app/logs/keep/important.log", "keep");
        file("app/logs/noise.log", "noise");
        file("secret.env", "TOKEN=1");
        file(".dockerignore", "# comment\n**/node_modules\n**/*.md\n!**/README.md\napp/logs\n!app/logs/keep\nsecret.env\n");
        ResolvedImage image = build("FROM scratch\nCOPY . /ctx/\n", "ignore:1");
        Map<String, String> t = tree(image);
        assertThat(t).containsKeys("ctx/app/main.txt", "ctx/app/docs/README.md", "ctx/app/logs/keep/important.log",
                "ctx/app/logs/", "ctx/Dockerfile");
        assertThat(t).doesNotContainKeys("ctx/app/node_modules/", "ctx/app/node_modules/dep/x.js", "ctx/app/docs/a.md",
                "ctx/app/logs/noise.log", "ctx/secret.env");
        assertThatThrownBy(() -> build("FROM scratch\nCOPY secret.env /\n", "ignore:2"))
                .hasMessageContaining("not found in build context");
    }

    private void tarball(String name, String compressor) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("tarsrc"));
        Files.createDirectories(src.resolve("pkg/bin"));
        Files.writeString(src.resolve("pkg/bin/tool"), "tool");
        Files.writeString(src.resolve("pkg/README"), "read me");
        List<String> cmd = new ArrayList<>(List.of("tar", "-C", src.toString(), "--owner=123", "--group=456"));
        if (!compressor.isEmpty()) {
            cmd.add(compressor);
        }
        cmd.addAll(List.of("-cf", context.resolve(name).toString(), "pkg"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    }

    @Test
    void addUnpacksLocalArchivesButCopyDoesNot() throws Exception {
        tarball("a.tar.gz", "-z");
        tarball("b.tar.xz", "-J");
        tarball("c.tar.bz2", "-j");
        tarball("plain.tar", "");
        file("notes.txt", "not an archive");
        ResolvedImage image = build("""
                FROM scratch
                ADD a.tar.gz /gz/
                ADD b.tar.xz /xz
                ADD c.tar.bz2 /bz2/
                ADD plain.tar notes.txt /plain/
                ADD --unpack=false a.tar.gz /kept/
                COPY a.tar.gz /copied/
                """, "add:1");
        Map<String, String> t = tree(image);
        assertThat(t).containsEntry("gz/pkg/bin/tool", "file 644 123:456 tool")
                .containsKeys("xz/pkg/README", "bz2/pkg/bin/tool", "plain/pkg/bin/tool", "plain/notes.txt",
                        "kept/a.tar.gz", "copied/a.tar.gz");
        assertThat(t).doesNotContainKeys("kept/pkg/README", "copied/pkg/README");
    }

    @Test
    void addUnpacksThroughTheImagesSymlinksAndLeavesItsDirectories() throws Exception {
        // BuildKit's dockerfile_add_test.go testDockerfileAddArchiveThroughAbsoluteSymlink: the archive is
        // extracted into the image's tree, so members below var/run land where the image's var/run -> /run leads
        // (a relative link too, resolved inside the root), hard links included; directories the archive only
        // implies and the image has (etc, 0700 here) are left as they are.
        tar("rootfs.tar", List.of(dir("run/"), dir("run/lock/"), dir("var/"), link("var/run", "/run"),
                link("var/lock", "../../../run/lock"), dirMode("etc/", 0700)));
        tar("payload.tar", List.of(dir("var/run/act/"), member("var/run/act/f", "payload"),
                hard("var/run/act/f.link", "var/run/act/f"), member("var/lock/l", "lock"), member("etc/conf", "c"),
                dir("fresh/"), member("new/implied/x", "x")));
        ResolvedImage image = build("FROM scratch\nADD rootfs.tar /\nADD payload.tar /\n", "add-through-links:1");
        List<Descriptor> layers = image.manifest().layers();
        // (etc/ and run/ come as the parents of what changed, as the image has them: BuildKit's change writer.)
        assertThat(layerNames(layers.get(layers.size() - 1))).containsExactly("etc/", "etc/conf", "fresh/", "new/",
                "new/implied/", "new/implied/x", "run/", "run/act/", "run/act/f", "run/act/f.link", "run/lock/",
                "run/lock/l");
        Map<String, String> t = tree(image);
        assertThat(t).containsEntry("var/run", "link 777 0:0 /run")
                .containsEntry("var/lock", "link 777 0:0 ../../../run/lock")
                .containsEntry("etc/", "dir 700 0:0")
                .containsEntry("run/act/f", "file 644 0:0 payload")
                .containsEntry("run/act/f.link", "hard 644 0:0 run/act/f")
                .containsEntry("run/lock/l", "file 644 0:0 lock")
                .containsEntry("new/", "dir 755 0:0");
        assertThat(t.keySet()).noneMatch(k -> k.startsWith("var/run/") || k.startsWith("var/lock/"));

        // A directory entry of the archive replaces the image's symlink, as BuildKit's untar does.
        tar("replace.tar", List.of(dir("var/run/"), member("var/run/pid", "1")));
        ResolvedImage replaced = build("FROM add-through-links:1\nADD replace.tar /\n", "add-through-links:2");
        List<Descriptor> top = replaced.manifest().layers();
        assertThat(layerNames(top.get(top.size() - 1))).containsExactly("var/", "var/run/", "var/run/pid");
        assertThat(tree(replaced)).containsEntry("var/run/", "dir 755 0:0");
    }

    /** One member of a test archive. */
    private record Member(TarArchiveEntry entry, byte[] content) {
    }

    private static Member dir(String name) {
        return dirMode(name, 0755);
    }

    private static Member dirMode(String name, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(mode);
        return new Member(e, new byte[0]);
    }

    private static Member link(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        e.setLinkName(target);
        e.setMode(0777);
        return new Member(e, new byte[0]);
    }

    private static Member hard(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK);
        e.setLinkName(target);
        e.setMode(0644);
        return new Member(e, new byte[0]);
    }

    private static Member member(String name, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(0644);
        e.setSize(bytes.length);
        return new Member(e, bytes);
    }

    /** Writes a tar of {@code members} into the context. */
    private void tar(String name, List<Member> members) throws IOException {
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(context.resolve(name)))) {
            for (Member m : members) {
                out.putArchiveEntry(m.entry());
                out.write(m.content());
                out.closeArchiveEntry();
            }
        }
    }

    private List<String> layerNames(Descriptor layer) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(store.blobs().open(layer.digest()));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                names.add(e.getName());
            }
        }
        return names;
    }

    @Test
    void addFetchesUrlsAndChecksTheirChecksum() throws Exception {
        HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = "remote content\n".getBytes(StandardCharsets.UTF_8);
        server.createContext("/files/tool.txt", ex -> {
            ex.getResponseHeaders().add("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/files/tool.txt";
            String sum = "sha256:" + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(body));
            ResolvedImage image = build("FROM scratch\nADD --checksum=" + sum + " " + url + " /opt/\nADD " + url
                    + " /named\n", "url:1");
            Map<String, String> t = tree(image);
            assertThat(t).containsEntry("opt/tool.txt", "file 600 0:0 remote content\n")
                    .containsEntry("named", "file 600 0:0 remote content\n");
            assertThatThrownBy(() -> build("FROM scratch\nADD --checksum=sha256:" + "0".repeat(64) + " " + url
                    + " /x\n", "url:2")).hasMessageContaining("checksum of " + url + " is " + sum);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void addOfAUrlNobodyAnswersSaysWhyAtItsLine() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closed + "/tool.txt";
        // the JDK's client says only "ConnectException" (no message) of a refused connection
        assertThatThrownBy(() -> build("FROM scratch\nADD " + url + " /x\n", "url:refused"))
                .isInstanceOfSatisfying(BuildException.class, e -> {
                    assertThat(e.problems().get(0).range().start().line()).isEqualTo(2);
                    assertThat(e.problems().get(0).message()).isEqualTo("ADD: fetching " + url
                            + ": connection refused");
                });
    }

    @Test
    void addOfAUrlIsBoundedInSizeAndRate() throws Exception {
        HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicLong served = new AtomicLong();
        server.createContext("/endless", ex -> {
            ex.sendResponseHeaders(200, 0); // chunked, no length
            byte[] chunk = new byte[64 * 1024];
            try (var out = ex.getResponseBody()) {
                for (int i = 0; i < 4096; i++) { // 256 MiB, then the server gives up
                    out.write(chunk);
                    served.addAndGet(chunk.length);
                }
            } catch (IOException e) {
                // the build hung up
            }
        });
        server.createContext("/announced", ex -> {
            ex.sendResponseHeaders(200, 5L << 30);
            ex.close();
        });
        server.createContext("/trickle", ex -> {
            ex.sendResponseHeaders(200, 100);
            try (var out = ex.getResponseBody()) {
                for (int i = 0; i < 100; i++) { // a byte every 200 ms: each read well within the 1 s time-out
                    out.write('x');
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (IOException | InterruptedException e) {
                // the build hung up
            }
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            RegistryOptions limited = RegistryOptions.defaults().withTimeout(Duration.ofSeconds(1))
                    .withTransfers(new TransferLimits(1000, 1 << 20));
            BuildRequest request = BuildRequest.builder(context).registries(host -> limited).build();
            long start = System.nanoTime();
            assertThatThrownBy(() -> build("FROM scratch\nADD " + base + "/endless /x\n", "url:endless", request))
                    .hasMessageContaining("fetching " + base + "/endless: larger than the limit of 1048576 bytes "
                            + "(-Djbuild.transfer.maxBytes)");
            assertThat(served.get()).as("bytes sent before the build hung up").isLessThan(128L << 20);
            assertThatThrownBy(() -> build("FROM scratch\nADD " + base + "/announced /x\n", "url:announced",
                    request)).hasMessageContaining("fetching " + base + "/announced: the server announced "
                            + (5L << 30) + " bytes, more than the limit of 1048576");
            assertThatThrownBy(() -> build("FROM scratch\nADD " + base + "/trickle /x\n", "url:trickle", request))
                    .hasMessageContaining("fetching " + base + "/trickle: too slow: ")
                    .hasMessageContaining("below the minimum rate of 1000 bytes/s (-Djbuild.transfer.minRate)");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(Duration.ofSeconds(15));
            assertThat(store.list()).isEmpty();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void copyExcludeFiltersTheSources() throws Exception {
        file("src/a.java", "a");
        file("src/a.md", "doc");
        file("src/sub/b.java", "b");
        file("src/sub/b.md", "doc");
        file("top.md", "doc");
        file("top.java", "t");
        ResolvedImage image = build("FROM scratch\nCOPY --exclude=*.md --exclude=**/*.md src top.md top.java /out/\n",
                "exclude:1");
        Map<String, String> t = tree(image);
        assertThat(t).containsKeys("out/a.java", "out/sub/b.java", "out/top.java");
        assertThat(t).doesNotContainKeys("out/a.md", "out/sub/b.md", "out/top.md");
    }

    @Test
    void onbuildTriggersOfTheBaseRunRightAfterFrom() throws Exception {
        file("app.txt", "app");
        build("FROM scratch\nONBUILD COPY app.txt /app/\nONBUILD ENV TRIGGERED=yes\n", "onbuild-base:1");
        ResolvedImage child = build("FROM onbuild-base:1\nENV AFTER=$TRIGGERED\n", "onbuild-child:1");
        assertThat(tree(child)).containsEntry("app/app.txt", "file 644 0:0 app");
        assertThat(child.config().config().env()).containsExactly(SCRATCH_PATH, "TRIGGERED=yes", "AFTER=yes");
        assertThat(child.config().config().onBuild()).isEmpty();
        assertThat(store.resolve("onbuild-base:1").config().config().onBuild()).hasSize(2);

        build("FROM scratch\nONBUILD COPY missing.txt /x\n", "onbuild-bad:1");
        assertThatThrownBy(() -> build("\nFROM onbuild-bad:1\n", "onbuild-child:2"))
                .isInstanceOfSatisfying(BuildException.class, e -> {
                    assertThat(e.problems().get(0).range().start().line()).isEqualTo(2);
                    assertThat(e.problems().get(0).message()).contains("ONBUILD COPY (a trigger of onbuild-bad:1)");
                });
    }

    /**
     * An ONBUILD trigger of a base image may name a stage of the Dockerfile that consumes the image; that stage is
     * then built first (BuildKit: frontend/dockerfile/dockerfile_onbuild_test.go, testOnBuildNamedContext and
     * testOnBuildNewDeps; the frontend reads base images' ONBUILD triggers before it orders the stages).
     */
    @Test
    void onbuildCopyFromNamesAStageOfTheConsumingDockerfile() throws Exception {
        file("foo.txt", "from the input stage");
        build("FROM scratch\nONBUILD COPY --from=inputstage /foo /bar\n", "onbuild-stage-ref:1");
        ResolvedImage child = build("""
                FROM scratch AS inputstage
                COPY foo.txt /foo
                FROM onbuild-stage-ref:1
                """, "onbuild-stage-ref-child:1");
        assertThat(tree(child)).containsEntry("bar", "file 644 0:0 from the input stage");

        // Only stages the target reaches count, and those that reach the trigger's stage through it are built:
        // a nested reference (the target copies from a stage whose base has the trigger) works too.
        ResolvedImage nested = build("""
                FROM scratch AS inputstage
                COPY foo.txt /foo
                FROM onbuild-stage-ref:1 AS consumer
                FROM scratch
                COPY --from=consumer /bar /copied
                """, "onbuild-stage-ref-child:2");
        assertThat(tree(nested)).containsEntry("copied", "file 644 0:0 from the input stage");

        // The stage must come before the one consuming the base: BuildKit builds stages in file order and says so,
        // at the FROM line (a trigger has no line of its own).
        assertThatThrownBy(() -> build("""
                FROM onbuild-stage-ref:1
                FROM scratch AS inputstage
                COPY foo.txt /foo
                FROM scratch
                COPY --from=0 /bar /x
                """, "onbuild-stage-ref-child:3"))
                .isInstanceOfSatisfying(BuildException.class, e -> {
                    assertThat(e.problems().get(0).range().start().line()).isEqualTo(1);
                    assertThat(e.problems().get(0).message()).isEqualTo("cannot copy from stage \"inputstage\", it "
                            + "needs to be defined before current stage \"stage-0\"");
                });
    }

    @Test
    void aRebuildFromTheCacheIsTheSameImage() throws Exception {
        file("f.txt", "f");
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY f.txt /\nCMD [\"x\"]\n");
        BuildResult first = builder.build(BuildRequest.builder(context).tags(List.of("same:1")).build(),
                BuildListener.SILENT);
        Thread.sleep(1100); // a later second: a new config would have another created time, hence another ID
        BuildResult second = builder.build(BuildRequest.builder(context).tags(List.of("same:1")).build(),
                BuildListener.SILENT);
        assertThat(second.imageId()).isEqualTo(first.imageId());
        Files.writeString(context.resolve("f.txt"), "changed");
        BuildResult third = builder.build(BuildRequest.builder(context).tags(List.of("same:1")).build(),
                BuildListener.SILENT);
        assertThat(third.imageId()).isNotEqualTo(first.imageId());
    }

    @Test
    void copyFollowsSymlinksInTheDestinationWithinTheRoot() throws Exception {
        file("a.txt", "a");
        file("busybox", "bb");
        Files.createDirectories(context.resolve("links"));
        Files.createSymbolicLink(context.resolve("links/to-opt"), Path.of("/opt"));
        Files.createSymbolicLink(context.resolve("links/up"), Path.of("../../srv"));
        Files.createSymbolicLink(context.resolve("links/sh"), Path.of("busybox"));
        ResolvedImage image = build("FROM scratch\nCOPY busybox /\nCOPY links/ /\nCOPY a.txt /to-opt/\n"
                + "COPY a.txt /up/\nCOPY a.txt /sh\n", "dest-links:1");
        Map<String, String> t = tree(image);
        assertThat(t).containsKeys("to-opt", "up", "sh").containsEntry("opt/a.txt", "file 644 0:0 a")
                .containsEntry("srv/a.txt", "file 644 0:0 a").containsEntry("busybox", "file 644 0:0 a")
                .doesNotContainKeys("to-opt/", "to-opt/a.txt", "up/a.txt");
        assertThat(t.get("sh")).startsWith("link ").endsWith(" busybox");
    }

    @Test
    void aDirectorySourceLeavesTheDestinationDirectoryAlone() throws Exception {
        file("sticky/keep", "k");
        file("dir/x.txt", "x");
        Files.setAttribute(context.resolve("sticky"), "unix:mode", 01777);
        Files.setAttribute(context.resolve("dir"), "unix:mode", 0700);
        tarball("a.tar", "");
        ResolvedImage image = build("FROM scratch\nCOPY . /\nCOPY dir /sticky\nCOPY dir /fresh\n"
                + "COPY --chown=7:8 dir /owned/\nADD a.tar /sticky/\nADD --chmod=600 a.tar /unpacked/\n", "dirs:1");
        Map<String, String> t = tree(image);
        assertThat(t).containsEntry("sticky/", "dir 1777 0:0").containsEntry("sticky/x.txt", "file 644 0:0 x")
                .containsEntry("fresh/", "dir 755 0:0").containsEntry("owned/", "dir 755 7:8")
                .containsEntry("owned/x.txt", "file 644 7:8 x").containsEntry("unpacked/", "dir 755 0:0");
        assertThat(t.get("unpacked/pkg/README")).startsWith("file 644 123:456"); // --chmod leaves members alone
    }

    /**
     * {@code --chmod} is parsed as BuildKit parses it (dockerfile2llb/convert_copy.go): a value starting with a digit
     * is octal up to 07777, leading zeros allowed; anything else is refused in BuildKit's words.
     */
    @Test
    void chmodValuesAndErrorsAsBuildKit() throws Exception {
        file("a.txt", "a");
        assertThat(tree(build("FROM scratch\nCOPY --chmod=00755 a.txt /a\n", "chmod-zeros:1")))
                .containsEntry("a", "file 755 0:0 a");
        for (String bad : List.of("888", "17777", "0x755")) {
            assertThatThrownBy(() -> build("FROM scratch\nCOPY --chmod=" + bad + " a.txt /a\n", "chmod-bad:1"))
                    .isInstanceOfSatisfying(BuildException.class, e -> assertThat(e.problems().get(0).message())
                            .isEqualTo("COPY: invalid chmod parameter: '" + bad
                                    + "'. it should be octal string and between 0 and 07777"));
        }
        assertThatThrownBy(() -> build("FROM scratch\nCOPY --chmod=u+q a.txt /a\n", "chmod-bad:2"))
                .isInstanceOfSatisfying(BuildException.class, e -> assertThat(e.problems().get(0).message())
                        .startsWith("COPY: invalid chmod parameter: 'u+q': invalid syntax (unknown permission 'q'"));
    }

    @Test
    void chownAndChmodAsBuildKitResolvesThem() throws Exception {
        file("etc/passwd", "root:x:0:0::/root:/bin/sh\nodd:x:1234:5678::/home/odd:/bin/sh\n");
        file("etc/group", "root:x:0:\nstaff:x:50:odd\n");
        file("a.txt", "a");
        ResolvedImage image = build("FROM scratch\nCOPY etc /etc/\nCOPY --chown=odd a.txt /o/name\n"
                + "COPY --chown=odd:staff a.txt /o/group\nCOPY --chown=1234 a.txt /o/number\n"
                + "COPY --chown=odd: a.txt /o/empty-group\nCOPY --chown=root:root a.txt /o/root\n"
                + "COPY --chmod=700 a.txt /m/new/\nCOPY --chmod=4755 a.txt /m/suid\n", "owners:1");
        Map<String, String> t = tree(image);
        assertThat(t).containsEntry("o/name", "file 644 1234:5678 a").containsEntry("o/group", "file 644 1234:50 a")
                .containsEntry("o/number", "file 644 1234:1234 a").containsEntry("o/empty-group", "file 644 1234:0 a")
                .containsEntry("o/root", "file 644 0:0 a").containsEntry("m/", "dir 700 0:0")
                .containsEntry("m/new/", "dir 700 0:0").containsEntry("m/suid", "file 4755 0:0 a");
        assertThatThrownBy(() -> build("FROM scratch\nCOPY etc /etc/\nCOPY --chown=nobody a.txt /x\n", "owners:2"))
                .isInstanceOfSatisfying(BuildException.class, e -> assertThat(e.problems().get(0).message())
                        .contains("COPY: unable to convert \"nobody\""));
    }

    @Test
    void buildKitDetails() throws Exception {
        file("a.txt", "a");
        file("pair/one", "1");
        Files.createLink(context.resolve("pair/two"), context.resolve("pair/one"));
        build("FROM scratch\nCOPY a.txt /from-image.txt\n", "source-image:1");
        ResolvedImage image = build("""
                FROM scratch AS parent
                ONBUILD COPY a.txt /triggered/
                ONBUILD LABEL triggered=yes
                FROM parent
                COPY a.txt nomatch* /glob/
                COPY *.nomatch /nothing/
                COPY pair/one pair/two /separate/
                COPY pair /together/
                COPY --from=source-image:1 /from-image.txt /
                CMD ["run"]
                """, "details:1");
        Map<String, String> t = tree(image);
        assertThat(t).containsKeys("triggered/a.txt", "glob/a.txt", "from-image.txt").doesNotContainKey("nothing/");
        assertThat(t.get("separate/two")).startsWith("file "); // hard links are kept within one source only
        assertThat(t.get("together/two")).startsWith("hard ");
        ContainerConfig c = image.config().config();
        assertThat(c.labels()).containsEntry("triggered", "yes");
        assertThat(c.onBuild()).isEmpty();
        assertThat(c.argsEscaped()).isTrue(); // BuildKit sets it for every CMD
        assertThat(c.workingDir()).isEqualTo("/");
        assertThat(image.config().history()).noneMatch(h -> h.createdBy().startsWith("ONBUILD"));
    }
    /**
     * A COPY or WORKDIR onto a base whose layers have no snapshot yet looks at the base through metadata snapshots
     * (names, types, owners, modes, links, /etc/passwd; large files as holes), never unpacking its bytes, with
     * docker's semantics unchanged: the destination's symlink followed, existing directories' modes and owners
     * kept, --chown and USER names resolved from the base's /etc/passwd, WORKDIR made where missing.
     */
    @Test
    void copyOntoAnUnpackedBaseLooksAtItsMetadataOnly() throws Exception {
        file("base/etc/passwd", "root:x:0:0::/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n");
        file("base/etc/group", "root:x:0:\napp:x:1001:\n");
        byte[] big = new byte[300_000];
        new Random(7).nextBytes(big);
        Files.createDirectories(context.resolve("base/srv/data"));
        Files.write(context.resolve("base/srv/data/big.bin"), big);
        Files.setAttribute(context.resolve("base/srv/data"), "unix:mode", 0750);
        Files.createSymbolicLink(context.resolve("base/link"), Path.of("/srv/data"));
        file("a.txt", "a");
        ResolvedImage base = build("FROM scratch\nCOPY --chown=1000:1001 base/ /\n", "meta-base:1");
        ResolvedImage image = build("""
                FROM meta-base:1
                COPY a.txt /link/
                COPY --chown=app a.txt /srv/data/new/
                WORKDIR /srv/data/work
                USER app
                WORKDIR /made-by-app
                """, "meta-copy:1");
        Map<String, String> t = tree(image);
        assertThat(t).containsEntry("srv/data/a.txt", "file 644 0:0 a").containsEntry("srv/data/", "dir 750 1000:1001")
                .containsEntry("srv/data/new/", "dir 755 1000:1001").containsEntry("srv/data/new/a.txt",
                        "file 644 1000:1001 a").containsEntry("srv/data/work/", "dir 755 0:0")
                .containsEntry("made-by-app/", "dir 755 1000:1001").containsEntry("link", "link 777 1000:1001 /srv/data")
                .doesNotContainKeys("link/", "link/a.txt");
        assertThat(t.get("srv/data/big.bin")).startsWith("file 644 1000:1001 ");

        Assumptions.assumeTrue(((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0,
                "overlay mounts need root; otherwise the layers are unpacked whole");
        String hex = base.config().rootfs().diffIds().get(0).toString().substring("sha256:".length());
        assertThat(store.paths().snapshots().resolve(hex)).doesNotExist(); // the base's bytes were never unpacked
        Path hole = store.paths().snapshotMetadata().resolve(hex).resolve("fs/srv/data/big.bin");
        assertThat(Files.size(hole)).isEqualTo(big.length);
        assertThat(Files.readAllBytes(hole)).containsOnly(0);
        assertThat(store.paths().snapshotMetadata().resolve(hex).resolve("fs/etc/passwd")).hasSameTextualContentAs(
                context.resolve("base/etc/passwd"));
    }
}
