package io.jbuild.core.buildcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jbuild.core.build.BuildException;
import io.jbuild.core.build.BuildListener;
import io.jbuild.core.build.BuildRequest;
import io.jbuild.core.build.BuildResult;
import io.jbuild.core.build.ImageBuilder;
import io.jbuild.core.image.ImageManifest;
import io.jbuild.core.image.Manifest;
import io.jbuild.core.image.OciJson;
import io.jbuild.core.pipeline.BuildPipeline;
import io.jbuild.core.registry.ImagePuller;
import io.jbuild.core.registry.ImagePusher;
import io.jbuild.core.registry.LocalRegistry;
import io.jbuild.core.registry.RegistryOptions;
import io.jbuild.core.registry.PushResult;
import io.jbuild.core.registry.RegistryRepository;
import io.jbuild.core.registry.TransferListener;
import io.jbuild.core.store.ImageStore;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.grammar.reference.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two CI runners sharing a step cache: two stores (A and B) on this machine, one loopback registry. Runner A builds a
 * multi-stage Dockerfile whose RUN steps write random values and exports its steps; runner B, with an empty store,
 * builds the same with {@code --cache-from}: every step is taken from the cache (no RUN runs: none prints), and the
 * image is A's, digest for digest. Each input that decides a step, changed on B, makes that step run again.
 */
class SharedCacheBuildTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.open();

    private static final Instant EPOCH = Instant.ofEpochSecond(1_700_000_000L);
    private static final String DOCKERFILE = """
            ARG BASE
            FROM ${BASE} AS builder
            ARG SEED=1
            RUN echo ran-rand1 && head -c 16 /dev/urandom | od -An -x > /rand1
            WORKDIR /work
            COPY input.txt .
            RUN echo ran-rand2 && (cat /rand1 input.txt; head -c 16 /dev/urandom | od -An -x) > /rand2 && touch /built

            FROM ${BASE}
            COPY --from=builder /rand2 /rand2
            RUN echo ran-rand3 && head -c 16 /dev/urandom | od -An -x > /rand3
            """;

    @TempDir
    static Path tmp;
    static String base;

    @BeforeAll
    static void baseImageInTheRegistry() throws Exception {
        assumeTrue(isRoot() && Files.isExecutable(Path.of("/usr/sbin/runc")) && Files.isExecutable(Path.of("/bin/busybox")),
                "RUN needs root, runc and busybox-static (installed by .ci/run)");
        base = REGISTRY.host() + "/base/busybox:1";
        pushBase(tmp.resolve("publisher"), "");
    }

    /** Builds a busybox image ({@code extra} lines added) and pushes it as {@link #base}. */
    private static void pushBase(Path storeDir, String extra) throws Exception {
        ImageStore store = ImageStore.open(storeDir);
        Path ctx = Files.createDirectories(tmp.resolve("busybox-ctx"));
        Files.copy(Path.of("/bin/busybox"), ctx.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(ctx.resolve("Dockerfile"), """
                FROM scratch
                COPY busybox /bin/busybox
                RUN ["/bin/busybox", "--install", "-s", "/bin"]
                ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
                """ + extra);
        new ImageBuilder(store, null, 1).build(BuildRequest.builder(ctx).tags(List.of(base))
                .sourceDateEpoch(EPOCH).build(), BuildListener.SILENT);
        new ImagePusher(store, RegistryOptions.defaults()).push(ImageReference.parse(base), TransferListener.SILENT);
    }

    /** What one build did: the steps taken from the cache, those that ran, RUN output, warnings. */
    record Outcome(BuildResult result, List<String> cached, List<String> ran, List<String> output,
                   List<String> warnings, List<String> tasks) {
    }

    private static final class Recorder implements BuildListener {
        final Map<String, String> texts = new HashMap<>();
        final List<String> cached = new ArrayList<>();
        final List<String> ran = new ArrayList<>();
        final List<String> output = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        /** Each task's name and lines, one string. */
        final List<String> tasks = new ArrayList<>();

        @Override
        public void task(String name, List<String> lines, Duration took) {
            tasks.add(name + "\n" + String.join("\n", lines));
        }

        @Override
        public void stepStarted(String stage, int number, int total, String text) {
            texts.put(stage + "#" + number, text);
        }

        @Override
        public void stepCached(String stage, int number) {
            cached.add(texts.get(stage + "#" + number));
        }

        @Override
        public void stepDone(String stage, int number, Duration took) {
            String text = texts.get(stage + "#" + number);
            if (!text.startsWith("FROM") && !text.startsWith("ARG")) {
                ran.add(text);
            }
        }

        @Override
        public void output(String stage, int number, String line) {
            output.add(line);
        }

        @Override
        public void pulling(String reference) {
            // information, not a warning
        }

        @Override
        public void warning(String message) {
            warnings.add(message);
        }
    }

    private static Path context(String name, String dockerfile, String input) throws IOException {
        Path ctx = Files.createDirectories(tmp.resolve("ctx-" + name));
        Files.writeString(ctx.resolve("Dockerfile"), dockerfile);
        Files.writeString(ctx.resolve("input.txt"), input);
        return ctx;
    }

    private static Outcome build(String runner, Path ctx, UnaryOperator<BuildRequest.Builder> options)
            throws Exception {
        ImageStore store = ImageStore.open(tmp.resolve(runner));
        Recorder r = new Recorder();
        Map<String, String> args = Files.readString(ctx.resolve("Dockerfile")).contains("BASE")
                ? Map.of("BASE", base) : Map.of();
        BuildResult result = new ImageBuilder(store, null, 1).build(options.apply(BuildRequest.builder(ctx)
                .buildArgs(args).sourceDateEpoch(EPOCH).tags(List.of("app:1"))).build(), r);
        return new Outcome(result, r.cached, r.ran, r.output, r.warnings, r.tasks);
    }

    private static List<CacheSource> from(String spec) {
        return List.of(CacheSource.parse(spec));
    }

    private static List<CacheTarget> to(String spec) {
        return List.of(CacheTarget.parse(spec));
    }

    @Test
    void runnerBBuildsFromRunnerAsRegistryCacheAndEveryInputChangeRunsItsStepAgain() throws Exception {
        String cache = REGISTRY.host() + "/app/cache:main";
        Path ctx = context("main", DOCKERFILE, "one\n");
        Outcome a = build("a", ctx, b -> b.cacheTo(to("type=registry,ref=" + cache + ",mode=max")));
        assertThat(a.ran()).hasSize(6);
        assertThat(a.output()).contains("ran-rand1", "ran-rand2", "ran-rand3");
        // The export reports itself as BuildKit does, naming the manifest the registry now has under the tag.
        Digest pushed;
        try (RegistryRepository r = RegistryRepository.open(ImageReference.parse(cache), false,
                RegistryOptions.defaults(), TransferListener.SILENT)) {
            pushed = Digest.of(r.manifest("main").bytes());
        }
        assertThat(a.tasks()).singleElement().asString().startsWith("exporting cache to registry " + cache + "\n")
                .endsWith("\nwriting cache manifest " + pushed + " done").contains("\nwriting layer sha256:");

        Outcome b = build("b", ctx, o -> o.cacheFrom(from("type=registry,ref=" + cache)));
        assertThat(b.tasks()).containsExactly("importing cache manifest from " + cache + "\n6 records");
        assertThat(b.warnings()).isEmpty();
        assertThat(b.ran()).isEmpty();
        assertThat(b.cached()).hasSize(6);
        assertThat(b.output()).isEmpty(); // no RUN container started
        assertThat(b.result().manifest().digest()).isEqualTo(a.result().manifest().digest());
        assertThat(b.result().imageId()).isEqualTo(a.result().imageId());

        // A build arg in scope of the first RUN: it and everything after it run again.
        Outcome seed = build("b", ctx, o -> o.cacheFrom(from("type=registry,ref=" + cache))
                .buildArgs(Map.of("BASE", base, "SEED", "2")));
        assertThat(seed.output()).contains("ran-rand1", "ran-rand2", "ran-rand3");

        // The content copied: the COPY and what follows run; the RUN before it is still the cache's.
        Outcome copied = build("b", context("copied", DOCKERFILE, "two\n"),
                o -> o.cacheFrom(from("type=registry,ref=" + cache)));
        assertThat(copied.cached()).contains("RUN echo ran-rand1 && head -c 16 /dev/urandom | od -An -x > /rand1",
                "WORKDIR /work");
        assertThat(copied.ran()).contains("COPY input.txt .");
        assertThat(copied.output()).containsExactly("ran-rand2", "ran-rand3");

        // An earlier step: another WORKDIR.
        Outcome earlier = build("b", context("earlier", DOCKERFILE.replace("WORKDIR /work", "WORKDIR /work2"), "one\n"),
                o -> o.cacheFrom(from("type=registry,ref=" + cache)));
        assertThat(earlier.ran()).contains("WORKDIR /work2", "COPY input.txt .");
        assertThat(earlier.output()).containsExactly("ran-rand2", "ran-rand3");

        // The base image: the same tag now names another image; every step runs.
        pushBase(tmp.resolve("publisher"), "LABEL version=2\n");
        Outcome rebased = build("b2", ctx, o -> o.cacheFrom(from("type=registry,ref=" + cache)).pull(true));
        assertThat(rebased.cached()).isEmpty();
        assertThat(rebased.output()).contains("ran-rand1", "ran-rand2", "ran-rand3");
    }

    @Test
    void aCacheMountTravelsWithTheCacheAndSeedsAnEmptyMountOnAnotherRunner() throws Exception {
        String cache = REGISTRY.host() + "/app/cache:mounts";
        // A Maven-like step: fills its ~/.m2 cache mount on a first run, reuses what it finds on later ones.
        Path ctx = context("mounts", """
                ARG BASE
                FROM ${BASE}
                ARG CHANGE=1
                RUN --mount=type=cache,id=m2,target=/root/.m2 echo ran-m2 && if [ ! -f /root/.m2/dep.jar ]; then \
                    head -c 16 /dev/urandom | od -An -x > /root/.m2/dep.jar && mkdir -p /root/.m2/repo/org \
                    && ln -s ../../dep.jar /root/.m2/repo/org/link.jar; fi \
                    && echo "jar:$(cat /root/.m2/repo/org/link.jar | tr -d ' ')" && echo "change $CHANGE" > /done
                """, "");
        Outcome a = build("ma", ctx, o -> o.cacheTo(to("type=registry,ref=" + cache + ",mounts=m2")));
        String jar = a.output().stream().filter(l -> l.startsWith("jar:")).findFirst().orElseThrow();
        assertThat(jar).hasSizeGreaterThan(20);

        // Runner B, another store: the step changed (a build arg in scope), so it runs, on A's files.
        Outcome b = build("mb", ctx, o -> o.cacheFrom(from("type=registry,ref=" + cache))
                .buildArgs(Map.of("BASE", base, "CHANGE", "2")));
        assertThat(b.warnings()).isEmpty();
        assertThat(b.output()).containsExactly("ran-m2", jar);

        // Runner C takes every step from the cache (the mount is never filled there) and exports again: the mount
        // goes along as the cache had it, so runner D, from C's export, still finds A's files.
        String again = REGISTRY.host() + "/app/cache:mounts-again";
        Outcome c = build("mc", ctx, o -> o.cacheFrom(from("type=registry,ref=" + cache))
                .cacheTo(to("type=registry,ref=" + again + ",mounts=m2")));
        assertThat(c.output()).isEmpty();
        assertThat(c.warnings()).isEmpty();
        Outcome d = build("md", ctx, o -> o.cacheFrom(from("type=registry,ref=" + again))
                .buildArgs(Map.of("BASE", base, "CHANGE", "3")));
        assertThat(d.output()).containsExactly("ran-m2", jar);

        // Without mounts= the cache holds no mount: a fresh runner's step starts on an empty one.
        Path plain = tmp.resolve("mounts-plain");
        build("me", ctx, o -> o.cacheTo(to("type=local,dest=" + plain)));
        Outcome f = build("mf", ctx, o -> o.cacheFrom(from("type=local,src=" + plain))
                .buildArgs(Map.of("BASE", base, "CHANGE", "4")));
        assertThat(f.output()).hasSize(2).doesNotContain(jar);
    }

    @Test
    void aPushMountsTheCachesBlobsFromTheCacheRepositoryInsteadOfUploadingThem() throws Exception {
        String cache = REGISTRY.host() + "/app/cache:push";
        String image = REGISTRY.host() + "/app/pushed:1";
        Path ctx = context("push", "FROM scratch\nCOPY input.txt /a\nCOPY input.txt /b/\n", "pushed ".repeat(1000));
        build("pa", ctx, o -> o.cacheTo(to("type=registry,ref=" + cache + ",mode=max")));

        ImageStore store = ImageStore.open(tmp.resolve("pb"));
        List<PushResult> pushes = new ArrayList<>();
        int before = REGISTRY.served().size();
        BuildResult b = new BuildPipeline(store).run(BuildRequest.builder(ctx).sourceDateEpoch(EPOCH)
                        .tags(List.of(image)).cacheFrom(from("type=registry,ref=" + cache)).build(),
                BuildListener.SILENT, List.of(), BuildPipeline.SILENT, (tags, manifest, lenders) -> pushes.add(
                        new ImagePusher(store, RegistryOptions.defaults()).push(ImageReference.parse(tags.get(0)),
                                TransferListener.SILENT, lenders)));
        // Both layers are linked from the cache's repository; only the image's config goes up.
        assertThat(pushes).singleElement().satisfies(p -> {
            assertThat(p.mounted()).isEqualTo(2);
            assertThat(p.uploaded()).isEqualTo(1);
        });
        List<LocalRegistry.Served> served = REGISTRY.servedAfter(before, r -> r.method().equals("PUT")
                && r.uri().startsWith("/v2/app/pushed/manifests/1"));
        assertThat(served.stream().filter(r -> r.method().equals("POST") && r.uri().contains("mount=")
                && r.uri().endsWith("&from=app/cache") && r.status() == 201)).as(served.toString()).hasSize(2);
        assertThat(served.stream().filter(r -> r.method().equals("PUT") && r.uri().startsWith(
                "/v2/app/pushed/blobs/uploads/"))).hasSize(1);

        // The pushed image is whole: another store pulls it, every blob checked against its digest.
        ImageStore reader = ImageStore.open(tmp.resolve("pc"));
        new ImagePuller(reader, RegistryOptions.defaults()).pull(ImageReference.parse(image), TransferListener.SILENT);
        assertThat(reader.resolve(ImageReference.parse(image).toString()).manifestDescriptor().digest())
                .isEqualTo(b.manifest().digest());
    }

    /** A build whose image is only pushed ({@code -o type=registry}): what it pushed, and what it did. */
    private static Outcome pushOnly(String runner, Path ctx, String image, Map<String, String> args,
                                    String cache) throws Exception {
        return pushOnly(runner, ctx, image, args, cache, UnaryOperator.identity());
    }

    private static Outcome pushOnly(String runner, Path ctx, String image, Map<String, String> args,
                                    String cache, UnaryOperator<BuildRequest.Builder> options) throws Exception {
        ImageStore store = ImageStore.open(tmp.resolve(runner));
        Recorder r = new Recorder();
        Map<String, String> all = new HashMap<>(args);
        all.put("BASE", base);
        BuildResult result = new BuildPipeline(store).run(options.apply(BuildRequest.builder(ctx).buildArgs(all)
                        .sourceDateEpoch(EPOCH).tags(List.of(image)).cacheFrom(from("type=registry,ref=" + cache))
                        .pushOnly(true)).build(), r, List.of(), BuildPipeline.SILENT,
                (tags, pushed, lenders) -> new ImagePusher(store, RegistryOptions.defaults())
                        .push(ImageReference.parse(tags.get(0)), pushed, TransferListener.SILENT, lenders));
        return new Outcome(result, r.cached, r.ran, r.output, r.warnings, r.tasks);
    }

    /** The layer digests of {@code image} as skopeo copies it (every blob checked) into an OCI layout. */
    private static List<String> layersAsSkopeoCopiesThem(String image, String dir) throws Exception {
        Path dest = tmp.resolve(dir);
        Process p = new ProcessBuilder("skopeo", "copy", "--src-tls-verify=false", "docker://" + image,
                "oci:" + dest + ":x").redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(log).isZero();
        JsonNode index = OciJson.readTree(
                Files.readAllBytes(dest.resolve("index.json")));
        String manifest = index.path("manifests").get(0).path("digest").asText().substring("sha256:".length());
        JsonNode m = OciJson.readTree(
                Files.readAllBytes(dest.resolve("blobs/sha256/" + manifest)));
        List<String> out = new ArrayList<>();
        m.path("layers").forEach(l -> out.add(l.path("digest").asText()));
        return out;
    }

    @Test
    void anImageOnlyPushedTakesTheCachesLayersWithoutDownloadingThem() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/skopeo")), "skopeo checks the pushed image (.ci/run)");
        String cache = REGISTRY.host() + "/app/cache:lazy";
        Path ctx = context("lazy", """
                ARG BASE
                FROM ${BASE} AS builder
                RUN echo ran-b1 && head -c 16 /dev/urandom | od -An -x > /b1
                RUN echo ran-b2 && (cat /b1; head -c 16 /dev/urandom | od -An -x) > /b2 && touch /built

                FROM ${BASE}
                COPY --from=builder /b2 /b2
                ARG FINAL=1
                RUN echo ran-final-$FINAL && (cat /b2; echo $FINAL) > /final
                """, "");
        Outcome a = build("za", ctx, o -> o.cacheTo(to("type=registry,ref=" + cache + ",mode=max")));
        List<String> aLayers = new ArrayList<>();
        ImageStore.open(tmp.resolve("za")).resolve("app:1").manifest().layers()
                .forEach(l -> aLayers.add(l.digest().toString()));
        List<Digest> cached = new ArrayList<>();
        try (RegistryRepository r = RegistryRepository.open(ImageReference.parse(cache), false,
                RegistryOptions.defaults(), TransferListener.SILENT)) {
            RegistryRepository.Document doc = r.manifest("lazy");
            ((ImageManifest) Manifest.parse(doc.bytes(), doc.mediaType()))
                    .layers().forEach(l -> cached.add(l.digest()));
        }
        assertThat(cached).hasSize(4); // b1, b2, the COPY and the last RUN
        Digest copyLayer = Digest.parse(aLayers.get(aLayers.size() - 2));
        Digest lastLayer = Digest.parse(aLayers.get(aLayers.size() - 1));
        assertThat(cached).contains(copyLayer, lastLayer);

        // Runner B, an empty store, only pushes, and exports to the same cache (the CI recipe): every step is the
        // cache's, and no cached blob is downloaded.
        String image = REGISTRY.host() + "/app/lazy:1";
        int before = REGISTRY.served().size();
        Outcome b = pushOnly("zb", ctx, image, Map.of(), cache,
                o -> o.cacheTo(to("type=registry,ref=" + cache + ",mode=max")));
        List<LocalRegistry.Served> served = REGISTRY.servedAfter(before, q -> q.method().equals("PUT")
                && q.uri().startsWith("/v2/app/lazy/manifests/1"));
        assertThat(b.warnings()).isEmpty();
        assertThat(b.ran()).isEmpty();
        assertThat(b.output()).isEmpty();
        assertThat(b.tasks()).anyMatch(t -> t.startsWith("exporting cache to registry " + cache + "\n"));
        assertThat(b.result().manifest().digest()).isEqualTo(a.result().manifest().digest());
        assertThat(served.stream().filter(q -> q.method().equals("GET")
                && cached.stream().anyMatch(d -> q.uri().endsWith("/blobs/" + d)))).as(served.toString()).isEmpty();
        // The cache's blobs were linked into the image's repository, not uploaded.
        assertThat(served.stream().filter(q -> q.method().equals("POST") && q.uri().contains("mount=")
                && q.uri().endsWith("&from=app/cache") && q.status() == 201)).as(served.toString()).hasSize(2);
        ImageStore bStore = ImageStore.open(tmp.resolve("zb"));
        assertThat(cached).noneMatch(d -> bStore.blobs().has(d));
        assertThat(bStore.lookup(ImageReference.parse(image))).isEmpty(); // not stored: only pushed
        assertThat(layersAsSkopeoCopiesThem(image, "lazy-b")).isEqualTo(aLayers);

        // Runner C: the last RUN runs on the cached COPY --from layer: that blob alone is fetched; the builder
        // stage's are not (its steps are the cache's, and no step reads its files).
        String image2 = REGISTRY.host() + "/app/lazy:2";
        before = REGISTRY.served().size();
        Outcome c = pushOnly("zc", ctx, image2, Map.of("FINAL", "2"), cache);
        served = REGISTRY.servedAfter(before, q -> q.method().equals("PUT")
                && q.uri().startsWith("/v2/app/lazy/manifests/2"));
        assertThat(c.warnings()).isEmpty();
        assertThat(c.output()).containsExactly("ran-final-2");
        assertThat(served.stream().filter(q -> q.method().equals("GET") && q.uri().contains("/blobs/sha256:")
                && cached.stream().anyMatch(d -> q.uri().endsWith("/blobs/" + d))).map(LocalRegistry.Served::uri))
                .as(served.toString()).containsExactly("/v2/app/cache/blobs/" + copyLayer);
        ImageStore cStore = ImageStore.open(tmp.resolve("zc"));
        assertThat(cStore.blobs().has(copyLayer)).isTrue();
        assertThat(cached.stream().filter(d -> cStore.blobs().has(d))).containsExactly(copyLayer);
        List<String> cLayers = layersAsSkopeoCopiesThem(image2, "lazy-c");
        assertThat(cLayers.subList(0, cLayers.size() - 1)).isEqualTo(aLayers.subList(0, aLayers.size() - 1));

        // A push that fails (no registry there) leaves no tag in the store.
        assertThatThrownBy(() -> pushOnly("zd", ctx, "127.0.0.1:1/app/lazy:1", Map.of(), cache))
                .isInstanceOf(IOException.class);
        assertThat(ImageStore.open(tmp.resolve("zd")).lookup(ImageReference.parse("127.0.0.1:1/app/lazy:1")))
                .isEmpty();
    }

    @Test
    void anInlineCacheTravelsInThePushedImage() throws Exception {
        String image = REGISTRY.host() + "/app/inline:1";
        Path ctx = context("inline", "ARG BASE\nFROM ${BASE}\nRUN echo ran-inline && head -c 16 /dev/urandom"
                + " | od -An -x > /r\nCOPY input.txt /\n", "inline\n");
        Outcome a = build("ia", ctx, o -> o.tags(List.of(image)).cacheTo(to("type=inline")));
        assertThat(a.output()).containsExactly("ran-inline");
        new ImagePusher(ImageStore.open(tmp.resolve("ia")), RegistryOptions.defaults())
                .push(ImageReference.parse(image), TransferListener.SILENT);

        Outcome b = build("ib", ctx, o -> o.tags(List.of(image)).cacheFrom(from(image)).cacheTo(to("type=inline")));
        assertThat(b.warnings()).isEmpty();
        assertThat(b.ran()).isEmpty();
        assertThat(b.output()).isEmpty();
        assertThat(b.result().manifest().digest()).isEqualTo(a.result().manifest().digest());

        Outcome plain = build("ic", ctx, o -> o.cacheFrom(from(base)));
        assertThat(plain.warnings()).singleElement().asString().contains("carries no inline cache");
        assertThat(plain.output()).containsExactly("ran-inline");
    }

    @Test
    void thePlatformIsAnInput() throws Exception {
        Path dir = tmp.resolve("platform-cache");
        Path ctx = context("platform", "FROM scratch\nCOPY input.txt /\n", "p\n");
        Outcome a = build("pa", ctx, o -> o.platform("linux/amd64").cacheTo(to("type=local,dest=" + dir)));
        assertThat(a.ran()).containsExactly("COPY input.txt /");
        Outcome same = build("pb", ctx, o -> o.platform("linux/amd64").cacheFrom(from("type=local,src=" + dir)));
        assertThat(same.cached()).containsExactly("COPY input.txt /");
        Outcome other = build("pc", ctx, o -> o.platform("linux/arm64").cacheFrom(from("type=local,src=" + dir)));
        assertThat(other.cached()).isEmpty();
        assertThat(other.ran()).containsExactly("COPY input.txt /");
    }

    @Test
    void aLocalDirectoryCacheWorksAsTheRegistryOne() throws Exception {
        Path dir = tmp.resolve("local-cache");
        Path ctx = context("local", DOCKERFILE, "local\n");
        Outcome a = build("la", ctx, o -> o.cacheTo(to("type=local,dest=" + dir + ",mode=max")));
        assertThat(dir.resolve("index.json")).exists();
        assertThat(dir.resolve("oci-layout")).exists();
        Outcome b = build("lb", ctx, o -> o.cacheFrom(from("type=local,src=" + dir)));
        assertThat(b.warnings()).isEmpty();
        assertThat(b.ran()).isEmpty();
        assertThat(b.output()).isEmpty();
        assertThat(b.result().manifest().digest()).isEqualTo(a.result().manifest().digest());
    }

    @Test
    void modeMinExportsOnlyTheFinalImagesSteps() throws Exception {
        Path dir = tmp.resolve("min-cache");
        Path ctx = context("min", DOCKERFILE, "min\n");
        build("ma", ctx, o -> o.cacheTo(to("type=local,dest=" + dir)));
        Outcome b = build("mb", ctx, o -> o.cacheFrom(from("type=local,src=" + dir)));
        // The builder stage's steps were not exported: they run; the final stage's COPY and RUN are the cache's
        // (a builder step whose layer is byte for byte one of the image's would be exported too: /built differs).
        assertThat(b.output()).as(b.toString()).containsExactly("ran-rand1", "ran-rand2");
        assertThat(b.cached()).contains("COPY --from=builder /rand2 /rand2");
    }

    @Test
    void anUnreachableSourceIsAWarningAndAFailedExportFailsUnlessIgnored() throws Exception {
        Path ctx = context("unreachable", "FROM scratch\nCOPY input.txt /\n", "u\n");
        Outcome cold = build("ua", ctx, o -> o.cacheFrom(from("type=registry,ref=127.0.0.1:1/nothing:here")));
        assertThat(cold.ran()).containsExactly("COPY input.txt /");
        assertThat(cold.warnings()).singleElement().asString()
                .startsWith("importing cache from 127.0.0.1:1/nothing:here: ").endsWith("; building without it");

        assertThatThrownBy(() -> build("ub", ctx, o -> o.cacheTo(to("type=registry,ref=127.0.0.1:1/nothing:here"))))
                .isInstanceOf(BuildException.class).hasMessageStartingWith("exporting cache to 127.0.0.1:1/nothing:here: ");
        Outcome ignored = build("uc", ctx, o -> o.cacheTo(to("type=registry,ref=127.0.0.1:1/nothing:here,"
                + "ignore-error=true")));
        assertThat(ignored.warnings()).singleElement().asString().startsWith("exporting cache to 127.0.0.1:1/")
                .endsWith("(ignored: ignore-error=true)");
    }

    private static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
