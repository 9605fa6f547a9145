package io.jbuild.core.buildcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.jbuild.core.build.BuildException;
import io.jbuild.core.build.BuildListener;
import io.jbuild.core.build.BuildRequest;
import io.jbuild.core.build.BuildResult;
import io.jbuild.core.build.ImageBuilder;
import io.jbuild.core.image.ImageManifest;
import io.jbuild.core.image.Manifest;
import io.jbuild.core.image.OciJson;
import io.jbuild.core.registry.FaultyProxy;
import io.jbuild.core.registry.LocalRegistry;
import io.jbuild.core.registry.RegistryOptions;
import io.jbuild.core.store.ImageStore;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.grammar.reference.ImageReference;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A warm build fetches its hits' blobs from a slow registry several at once, while it goes on to the next steps;
 * a record whose layer lies about its diff ID, taken on trust while its blob was on the way, is still a warning and
 * its step runs, and the image is the cold build's. COPY-only builds: no container needed.
 */
class BackgroundFetchTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.open();

    private static final int LAYERS = 4;
    /** Long enough that a build fetching one blob at a time never has two in flight. */
    private static final long SLOW_MILLIS = 400;

    @TempDir
    static Path tmp;
    static Path ctx;
    static BuildResult cold;
    static String cache;

    @BeforeAll
    static void runnerAExports() throws Exception {
        ctx = Files.createDirectories(tmp.resolve("ctx"));
        StringBuilder dockerfile = new StringBuilder("FROM scratch\n");
        for (int i = 0; i < LAYERS; i++) {
            Files.writeString(ctx.resolve("f" + i), "file " + i + "\n");
            dockerfile.append("COPY f").append(i).append(" /\n");
        }
        Files.writeString(ctx.resolve("Dockerfile"), dockerfile.toString());
        cache = REGISTRY.host() + "/hwarm/cache:1";
        cold = build("a", List.of(), List.of(CacheTarget.parse("type=registry,ref=" + cache + ",mode=max")),
                new ArrayList<>(), new ArrayList<>());
    }

    private static BuildResult build(String store, List<CacheSource> from, List<CacheTarget> to, List<String> ran,
                                     List<String> warnings) throws Exception {
        return new ImageBuilder(ImageStore.open(tmp.resolve(store)), null, 1).build(BuildRequest.builder(ctx)
                .sourceDateEpoch(Instant.ofEpochSecond(1)).cacheFrom(from).cacheTo(to).build(), new StepRecorder(ran, warnings));
    }

    private static boolean blobGet(String requestLine) {
        return requestLine.startsWith("GET ") && requestLine.contains("/blobs/sha256:");
    }

    @Test
    void hitsBlobsAreFetchedSeveralAtOnce() throws Exception {
        try (FaultyProxy proxy = FaultyProxy.start(REGISTRY.port()).slow(SLOW_MILLIS, BackgroundFetchTest::blobGet)) {
            List<String> ran = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            BuildResult b = build("b", List.of(CacheSource.parse("type=registry,ref="
                    + cache.replace(REGISTRY.host(), proxy.host()))), List.of(), ran, warnings);
            assertThat(ran).isEmpty();
            assertThat(warnings).isEmpty();
            assertThat(b.manifest().digest()).isEqualTo(cold.manifest().digest());
            assertThat(proxy.mostSlowedAtOnce()).isGreaterThan(1);
            ImageStore store = ImageStore.open(tmp.resolve("b"));
            for (var layer : ((ImageManifest) store.readManifest(b.manifest())).layers()) {
                assertThat(store.blobs().has(layer.digest())).isTrue();
            }
        }
    }

    @Test
    void aBuilderStagesHitNoStepReadsIsNotDownloaded() throws Exception {
        Path multi = Files.createDirectories(tmp.resolve("multi"));
        Files.writeString(multi.resolve("tool"), "a builder's output\n");
        Files.writeString(multi.resolve("app"), "the app\n");
        Files.writeString(multi.resolve("Dockerfile"), "FROM scratch AS builder\nCOPY tool /tool\n"
                + "FROM scratch\nCOPY app /app\nCOPY --from=builder /tool /usr/bin/tool\n");
        String ref = REGISTRY.host() + "/hwarm/multi:cache";
        BuildResult a = buildIn(multi, "multi-a", List.of(),
                List.of(CacheTarget.parse("type=registry,ref=" + ref + ",mode=max")));
        ImageStore storeA = ImageStore.open(tmp.resolve("multi-a"));
        List<String> builderLayers = new ArrayList<>();
        try (RegistryCache from = new RegistryCache(ImageReference.parse(ref), RegistryOptions.defaults(), false)) {
            CacheLocation.Document doc = from.manifest();
            ImageManifest cacheManifest = (ImageManifest) Manifest.parse(doc.bytes(), doc.mediaType());
            ImageManifest image = (ImageManifest) storeA.readManifest(a.manifest());
            cacheManifest.layers().stream()
                    .filter(l -> image.layers().stream().noneMatch(i -> i.digest().equals(l.digest())))
                    .forEach(l -> builderLayers.add(l.digest().toString()));
        }
        assertThat(builderLayers).hasSize(1);
        try (FaultyProxy proxy = FaultyProxy.start(REGISTRY.port())) {
            BuildResult b = buildIn(multi, "multi-b", List.of(CacheSource.parse("type=registry,ref="
                    + ref.replace(REGISTRY.host(), proxy.host()))), List.of());
            assertThat(b.manifest().digest()).isEqualTo(a.manifest().digest());
            assertThat(proxy.requests()).filteredOn(r -> r.contains("/blobs/" + builderLayers.get(0))).isEmpty();
            assertThat(proxy.requests()).filteredOn(BackgroundFetchTest::blobGet).hasSize(3); // config, 2 layers
        }
    }

    @Test
    void anImageLayersBlobIsFetchedOnceItsHitIsTakenNotWhenTheStepsAreOver() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("early"));
        Files.writeString(dir.resolve("tool"), "another builder's output\n");
        Files.writeString(dir.resolve("app"), "an app\n");
        Files.writeString(dir.resolve("conf"), "its configuration\n");
        Files.writeString(dir.resolve("Dockerfile"), "FROM scratch AS builder\nCOPY tool /tool\n"
                + "FROM scratch\nCOPY app /app\nCOPY --from=builder /tool /usr/bin/tool\nCOPY conf /etc/conf\n");
        String ref = REGISTRY.host() + "/hwarm/early:cache";
        BuildResult a = buildIn(dir, "early-a", List.of(),
                List.of(CacheTarget.parse("type=registry,ref=" + ref + ",mode=max")));
        List<String> layers = new ArrayList<>();
        ((ImageManifest) ImageStore.open(tmp.resolve("early-a")).readManifest(a.manifest())).layers()
                .forEach(l -> layers.add("/blobs/" + l.digest()));
        try (FaultyProxy proxy = FaultyProxy.start(REGISTRY.port())) {
            // When the target's last step is taken from the cache, its first layer's blob is on its way already:
            // waited for here (bounded), which would time out were it fetched only after the steps.
            List<Boolean> fetchingBeforeTheEnd = new ArrayList<>();
            BuildListener watch = new BuildListener() {
                @Override
                public void stepCached(String stage, int number) {
                    if (!stage.equals("builder") && number == 4) {
                        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                        while (System.nanoTime() < until && proxy.requests().stream()
                                .noneMatch(r -> r.contains(layers.get(0)))) {
                            Thread.onSpinWait();
                        }
                        fetchingBeforeTheEnd.add(proxy.requests().stream().anyMatch(r -> r.contains(layers.get(0))));
                    }
                }
            };
            BuildResult b = new ImageBuilder(ImageStore.open(tmp.resolve("early-b")), null, 1).build(
                    BuildRequest.builder(dir).sourceDateEpoch(Instant.ofEpochSecond(1)).cacheFrom(List.of(
                            CacheSource.parse("type=registry,ref=" + ref.replace(REGISTRY.host(), proxy.host()))))
                            .build(), watch);
            assertThat(fetchingBeforeTheEnd).containsExactly(true);
            assertThat(b.manifest().digest()).isEqualTo(a.manifest().digest());
            // the builder stage's own hit: no step reads it, the image does not hold it
            assertThat(proxy.requests()).filteredOn(BackgroundFetchTest::blobGet).hasSize(1 + layers.size());
        }
    }

    private static boolean manifestGet(String requestLine) {
        return requestLine.startsWith("GET ") && requestLine.contains("/manifests/");
    }

    /** Each step started and the cache's import ended, as events in the order the build reported them. */
    private static final class EventOrder implements BuildListener {
        final List<String> events = new ArrayList<>();

        @Override
        public synchronized void stepStarted(String stage, int number, int total, String text) {
            events.add("step " + stage + "/" + number);
        }

        @Override
        public synchronized void task(String name, List<String> lines, Duration took) {
            events.add("import");
        }
    }

    @Test
    void theStepsStartWhileTheCacheIsStillReadAndTheImportIsShownFirst() throws Exception {
        // An ADD of a URL is keyed by what it downloads: its server is asked while the cache's manifest is held.
        List<Integer> heldWhenAsked = Collections.synchronizedList(new ArrayList<>());
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        try (FaultyProxy proxy = FaultyProxy.start(REGISTRY.port()).slow(SLOW_MILLIS * 3,
                BackgroundFetchTest::manifestGet)) {
            server.createContext("/tool", ex -> {
                heldWhenAsked.add(proxy.slowedNow());
                byte[] body = "a tool\n".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
                ex.close();
            });
            server.start();
            Path dir = Files.createDirectories(tmp.resolve("overlap"));
            Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\nADD http://127.0.0.1:"
                    + server.getAddress().getPort() + "/tool /tool\n");
            EventOrder order = new EventOrder();
            new ImageBuilder(ImageStore.open(tmp.resolve("overlap-store")), null, 1).build(BuildRequest.builder(dir)
                    .cacheFrom(List.of(CacheSource.parse("type=registry,ref=" + cache.replace(REGISTRY.host(),
                            proxy.host())))).build(), order);
            assertThat(heldWhenAsked).containsExactly(1);
            // the steps' events were held until the import's block was shown, as BuildKit shows it
            assertThat(order.events).containsExactly("import", "step 0/1", "step 0/2");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aBuildFailingBeforeItsFirstLookUpDoesNotWaitForTheCache() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("failing"));
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        // an ADD of a URL is keyed by what it downloads: here it cannot be, so the step fails before its look-up
        Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\nADD http://127.0.0.1:" + closed + "/f /f\n");
        try (FaultyProxy proxy = FaultyProxy.start(REGISTRY.port()).slow(SLOW_MILLIS * 5,
                BackgroundFetchTest::manifestGet)) {
            EventOrder order = new EventOrder();
            assertThatThrownBy(() -> new ImageBuilder(ImageStore.open(tmp.resolve("failing")), null, 1).build(
                    BuildRequest.builder(dir).cacheFrom(List.of(CacheSource.parse("type=registry,ref="
                            + cache.replace(REGISTRY.host(), proxy.host())))).build(), order))
                    .isInstanceOf(BuildException.class)
                    .hasMessageContaining("fetching http://127.0.0.1:" + closed + "/f: connection refused");
            // the failure came while the manifest was still held: the import never ended for this build, and the
            // steps' events, held for it, were shown when the build ended
            assertThat(order.events).containsExactly("step 0/1", "step 0/2");
        }
    }

    private static BuildResult buildIn(Path dir, String store, List<CacheSource> from, List<CacheTarget> to)
            throws Exception {
        return new ImageBuilder(ImageStore.open(tmp.resolve(store)), null, 1).build(BuildRequest.builder(dir)
                .sourceDateEpoch(Instant.ofEpochSecond(1)).cacheFrom(from).cacheTo(to).build(), BuildListener.SILENT);
    }

    @Test
    void aLyingRecordTakenOnTrustRunsItsStepAndTheImageIsTheColdOne() throws Exception {
        // The cache again under another tag, the first layer's diff ID a lie: its blob is the same, so only its
        // check (once the slow GET is over, the later steps taken meanwhile) can tell.
        ImageReference good = ImageReference.parse(cache);
        ImageReference lying = ImageReference.parse(REGISTRY.host() + "/hwarm/cache:lying");
        ImageStore a = ImageStore.open(tmp.resolve("a"));
        try (RegistryCache from = new RegistryCache(good, RegistryOptions.defaults(), false);
             RegistryCache to = new RegistryCache(lying, RegistryOptions.defaults(), true)) {
            CacheLocation.Document doc = from.manifest();
            ImageManifest m = (ImageManifest) Manifest.parse(doc.bytes(), doc.mediaType());
            ObjectNode config = (ObjectNode) OciJson.readTree(from.read(m.config()));
            ((ObjectNode) config.path("layers").get(0).path("annotations"))
                    .put("diffID", Digest.of(new byte[0]).toString());
            byte[] bytes = OciJson.writeTree(config);
            to.write(a.blobs(), m.layers(), bytes, CacheConfig.manifest(bytes, m.layers()));
        }
        try (FaultyProxy proxy = FaultyProxy.start(REGISTRY.port()).slow(SLOW_MILLIS, BackgroundFetchTest::blobGet)) {
            List<String> ran = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            BuildResult b = build("c", List.of(CacheSource.parse("type=registry,ref="
                    + lying.toString().replace(REGISTRY.host(), proxy.host()))), List.of(), ran, warnings);
            assertThat(ran).hasSize(1); // the step whose layer it is (the config's first: whichever step that is)
            assertThat(warnings).singleElement().asString().contains("cannot be used: its content's diff ID is");
            assertThat(b.manifest().digest()).isEqualTo(cold.manifest().digest());
        }
        // Nothing of the pass that took the lie was kept: the next build from the same store takes its own entries.
        List<String> again = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        BuildResult c = build("c", List.of(), List.of(), again, warnings);
        assertThat(again).isEmpty();
        assertThat(c.manifest().digest()).isEqualTo(cold.manifest().digest());
    }
}
