package io.jbuild.core.registry;

import static io.jbuild.core.registry.TestImages.ref;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.image.MediaTypes;
import io.jbuild.core.image.Platform;
import io.jbuild.core.snapshot.HostCommand;
import io.jbuild.core.snapshot.TestTar;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.StorePaths;
import io.jbuild.core.store.StoreWriteException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registries that lie, stall, loop and redirect, written on raw sockets ({@link ScriptedRegistry}): every pull
 * ends in bounded time with an error naming what went wrong, credentials never follow a redirect to another host,
 * and the store holds no tag and no blob of the failed pull.
 */
@Timeout(120)
class HostileRegistryTest {

    private static final String REPO = "test/hostile";

    @TempDir
    Path tmp;

    /** A one-layer image as a registry serves it. */
    private record Image(byte[] layer, Digest layerDigest, byte[] config, Digest configDigest, byte[] manifest,
                         Digest manifestDigest) {

        static Image of(String manifestExtra, String configExtra) throws IOException {
            TestTar.Layer tar = new TestTar().file("hello.txt", "hello").build();
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write(tar.tar());
            }
            byte[] layer = gz.toByteArray();
            Platform host = Platform.host();
            byte[] config = ("{\"architecture\":\"" + host.architecture() + "\",\"os\":\"" + host.os() + "\","
                    + "\"config\":{\"Cmd\":[\"/hello\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                    + tar.diffId() + "\"]}" + configExtra + "}").getBytes(StandardCharsets.UTF_8);
            return of(manifestExtra, layer, config);
        }

        static Image of(String manifestExtra, byte[] layer, byte[] config) {
            byte[] manifest = ("{\n  \"schemaVersion\": 2,\n  \"mediaType\": \"" + MediaTypes.OCI_MANIFEST + "\",\n"
                    + "  \"config\": {\"mediaType\": \"" + MediaTypes.OCI_CONFIG + "\", \"digest\": \""
                    + Digest.of(config) + "\", \"size\": " + config.length + "},\n"
                    + "  \"layers\": [{\"mediaType\": \"" + MediaTypes.OCI_LAYER_GZIP + "\", \"digest\": \""
                    + Digest.of(layer) + "\", \"size\": " + layer.length + "}]" + manifestExtra + "\n}\n")
                    .getBytes(StandardCharsets.UTF_8);
            return new Image(layer, Digest.of(layer), config, Digest.of(config), manifest, Digest.of(manifest));
        }

        String blobPath(Digest d) {
            return "/v2/" + REPO + "/blobs/" + d;
        }
    }

    /** An open registry serving {@code image} at tag 1, honestly. */
    private static ScriptedRegistry serve(ScriptedRegistry registry, Image image) {
        return registry.serve("/v2/", "application/json", "{}".getBytes(StandardCharsets.UTF_8))
                .serve("/v2/" + REPO + "/manifests/1", MediaTypes.OCI_MANIFEST, image.manifest())
                .serve("/v2/" + REPO + "/manifests/" + image.manifestDigest(), MediaTypes.OCI_MANIFEST, image.manifest())
                .serve(image.blobPath(image.configDigest()), "application/octet-stream", image.config())
                .serve(image.blobPath(image.layerDigest()), "application/octet-stream", image.layer());
    }

    private PullResult pull(ScriptedRegistry registry, Path root, RegistryOptions options) throws IOException {
        return new ImagePuller(ImageStore.open(root), options).pull(ref(registry.host() + "/" + REPO + ":1"),
                TransferListener.SILENT);
    }

    /** Nothing of a failed pull: no tag, no image, no blob but those listed, no temporary file. */
    private static void assertNothingKept(Path root, Digest... allowed) throws IOException {
        ImageStore store = ImageStore.open(root);
        assertThat(store.list()).as("tags").isEmpty();
        assertThat(store.index().manifests()).as("index").isEmpty();
        assertThat(store.blobs().list()).as("blobs").isSubsetOf(List.of(allowed));
        StoreChecks.assertConsistent(root);
        try (Stream<Path> tmpFiles = Files.list(StorePaths.of(root).tmp())) {
            assertThat(tmpFiles).as("temporary files").isEmpty();
        }
    }

    @Test
    void anHonestScriptedRegistryPullsWithUnknownFieldsKeptByteForByte() throws Exception {
        // Unknown fields, a number too big for any Java type, odd spacing: the manifest is kept as sent.
        Image image = Image.of(",\n  \"x-unknown\": {\"n\": 1e400, \"big\": 123456789012345678901234567890}",
                ",\"x-config-extra\":[1e999,{\"deep\":true}]");
        try (ScriptedRegistry registry = serve(ScriptedRegistry.start(), image)) {
            Path root = tmp.resolve("store");
            PullResult pulled = pull(registry, root, TestImages.options(tmp));
            assertThat(pulled.manifest().digest()).isEqualTo(image.manifestDigest());
            ImageStore store = ImageStore.open(root);
            assertThat(store.blobs().readAll(image.manifestDigest(), 1 << 20)).isEqualTo(image.manifest());
            assertThat(store.blobs().readAll(image.configDigest(), 1 << 20)).isEqualTo(image.config());
            StoreChecks.assertConsistent(root);
        }
    }

    @Test
    void aBlobWhoseBytesDoNotMatchItsDigestIsRefusedAndNotStored() throws Exception {
        Image image = Image.of("", "");
        try (ScriptedRegistry registry = serve(ScriptedRegistry.start(), image)) {
            byte[] other = image.layer().clone();
            other[other.length / 2] ^= 1;
            registry.serve(image.blobPath(image.layerDigest()), "application/octet-stream", other);
            Path root = tmp.resolve("store");
            long start = System.nanoTime();
            assertThatThrownBy(() -> pull(registry, root, TestImages.options(tmp)))
                    .hasMessageContaining("download " + image.layerDigest())
                    .hasMessageContaining(image.layerDigest().toString());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
            assertThat(registry.requests(image.layerDigest().encoded())).as("tried, boundedly").hasSizeBetween(1, 4);
            assertNothingKept(root, image.configDigest());
        }
    }

    @Test
    void aBodyShorterThanItsContentLengthIsAnErrorAndNothingIsStored() throws Exception {
        Image image = Image.of("", "");
        try (ScriptedRegistry registry = serve(ScriptedRegistry.start(), image)) {
            registry.on(image.blobPath(image.layerDigest()), (r, out) -> {
                ScriptedRegistry.head(out, 200, Map.of("Content-Type", "application/octet-stream"),
                        image.layer().length);
                out.write(image.layer(), 0, image.layer().length / 2); // then the connection closes
            });
            Path root = tmp.resolve("store");
            assertThatThrownBy(() -> pull(registry, root, TestImages.options(tmp)))
                    .hasMessageContaining("download " + image.layerDigest());
            assertNothingKept(root, image.configDigest());
        }
    }

    @Test
    void aManifestThatIsNotWhatItsDigestSaysIsRefused() throws Exception {
        Image image = Image.of("", "");
        try (ScriptedRegistry registry = serve(ScriptedRegistry.start(), image)) {
            Digest claimed = Digest.of("something else".getBytes(StandardCharsets.UTF_8));
            registry.on("/v2/" + REPO + "/manifests/1", (r, out) -> ScriptedRegistry.send(out, 200,
                    Map.of("Content-Type", MediaTypes.OCI_MANIFEST, "Docker-Content-Digest", claimed.toString()),
                    image.manifest()));
            Path root = tmp.resolve("store");
            assertThatThrownBy(() -> pull(registry, root, TestImages.options(tmp)))
                    .hasMessageContaining(claimed.toString());
            assertNothingKept(root);
        }
    }

    @Test
    void invalidAndMistypedManifestsAreClearErrors() throws Exception {
        Image image = Image.of("", "");
        Map<String, String[]> cases = Map.of(
                "{\"schemaVersion\": 2, \"layers\": [", new String[] {MediaTypes.OCI_MANIFEST,
                        "cannot read manifest sha256:", "invalid JSON: Unexpected end-of-input", "(line 1, column 33)"},
                "<html>Welcome to nginx</html>", new String[] {"text/html",
                        "cannot read manifest sha256:", "invalid JSON: Unexpected character ('<'", "(line 1, column 1)"},
                new String(image.manifest(), StandardCharsets.UTF_8).replace("\"size\": " + image.layer().length,
                        "\"size\": 123456789012345678901234567890"),
                new String[] {MediaTypes.OCI_MANIFEST, "cannot read manifest sha256:",
                        "\"layers[0].size\": number 123456789012345678901234567890 is out of range of long"},
                new String(image.manifest(), StandardCharsets.UTF_8).replace(MediaTypes.OCI_CONFIG, "text/plain"),
                new String[] {MediaTypes.OCI_MANIFEST, "not a container image (config media type text/plain)"});
        int n = 0;
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            try (ScriptedRegistry registry = serve(ScriptedRegistry.start(), image)) {
                registry.serve("/v2/" + REPO + "/manifests/1", c.getValue()[0],
                        c.getKey().getBytes(StandardCharsets.UTF_8));
                Path root = tmp.resolve("store" + n++);
                assertThatThrownBy(() -> pull(registry, root, TestImages.options(tmp))).as(c.getKey())
                        .isInstanceOf(RegistryException.class)
                        .hasMessageStartingWith(registry.host() + "/" + REPO + ":1: ")
                        .hasMessageContainingAll(List.of(c.getValue()).subList(1, c.getValue().length)
                                .toArray(String[]::new));
                assertNothingKept(root);
            }
        }
    }

    @Test
    void aConfigThatIsNotAnImageConfigFailsThePullWithoutATag() throws Exception {
        Image good = Image.of("", "");
        int n = 0;
        for (String config : List.of("{\"architecture\": \"amd64\", \"os\": ", "[1, 2, 3]")) {
            Image image = Image.of("", good.layer(), config.getBytes(StandardCharsets.UTF_8));
            try (ScriptedRegistry registry = serve(ScriptedRegistry.start(), image)) {
                Path root = tmp.resolve("store" + n++);
                assertThatThrownBy(() -> pull(registry, root, TestImages.options(tmp))).as(config)
                        .isInstanceOf(RegistryException.class)
                        .hasMessageStartingWith(registry.host() + "/" + REPO + ":1: cannot read image config "
                                + image.configDigest() + ": ");
                ImageStore store = ImageStore.open(root);
                assertThat(store.list()).isEmpty();
                assertThat(store.index().manifests()).isEmpty();
                StoreChecks.assertConsistent(root);
            }
        }
    }

    @Test
    void hugeNumbersInAConfigAreKeptWhereUnknownAndRefusedWhereTheyMustFit() throws Exception {
        Image good = Image.of("", "");
        Platform host = Platform.host();
        String head = "{\"architecture\":\"" + host.architecture() + "\",\"os\":\"" + host.os() + "\",\"config\":{";
        String tail = "},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + "0".repeat(64) + "\"]}}";
        // In a field we do not know, any number is kept as sent.
        byte[] unknown = (head + "\"x-big\":1e999,\"x-long\":123456789012345678901234567890" + tail)
                .getBytes(StandardCharsets.UTF_8);
        Image kept = Image.of("", good.layer(), unknown);
        try (ScriptedRegistry registry = serve(ScriptedRegistry.start(), kept)) {
            Path root = tmp.resolve("kept");
            pull(registry, root, TestImages.options(tmp));
            assertThat(ImageStore.open(root).blobs().readAll(kept.configDigest(), 1 << 20)).isEqualTo(unknown);
        }
        // A health-check interval is nanoseconds in an int64, as docker reads it: beyond that it is refused.
        byte[] overflow = (head + "\"Healthcheck\":{\"Test\":[\"NONE\"],\"Interval\":123456789012345678901234567890}"
                + tail).getBytes(StandardCharsets.UTF_8);
        Image refused = Image.of("", good.layer(), overflow);
        try (ScriptedRegistry registry = serve(ScriptedRegistry.start(), refused)) {
            Path root = tmp.resolve("refused");
            assertThatThrownBy(() -> pull(registry, root, TestImages.options(tmp)))
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("cannot read image config " + refused.configDigest())
                    .hasMessageContaining("\"config.Healthcheck.Interval\": number 123456789012345678901234567890 "
                            + "is out of range of long");
            assertThat(ImageStore.open(root).list()).isEmpty();
            StoreChecks.assertConsistent(root);
        }
    }

    @Test
    void aRegistryThatAnswers401ForeverEndsWithAnAuthenticationError() throws Exception {
        try (ScriptedRegistry registry = ScriptedRegistry.start()) {
            String challenge = "Bearer realm=\"http://" + registry.host() + "/token\",service=\"scripted\"";
            registry.serve("/token", "application/json", "{\"token\":\"t0k3n\"}".getBytes(StandardCharsets.UTF_8))
                    .otherwise((r, out) -> ScriptedRegistry.send(out, 401, Map.of("WWW-Authenticate", challenge,
                            "Content-Type", "application/json"),
                            "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}"
                                    .getBytes(StandardCharsets.UTF_8)));
            Path root = tmp.resolve("store");
            long start = System.nanoTime();
            assertThatThrownBy(() -> pull(registry, root, TestImages.options(tmp)))
                    .isInstanceOf(RegistryAuthException.class)
                    .hasMessageContaining("unauthorized");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
            assertThat(registry.requests()).as("requests before giving up").hasSizeLessThan(20);
            assertNothingKept(root);
        }
    }

    @Test
    void credentialsDoNotFollowARedirectToAnotherHost() throws Exception {
        Image image = Image.of("", "");
        String basic = "Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
        try (ScriptedRegistry storage = ScriptedRegistry.start(); ScriptedRegistry registry = ScriptedRegistry.start()) {
            storage.serve("/m", MediaTypes.OCI_MANIFEST, image.manifest())
                    .serve("/c", "application/octet-stream", image.config())
                    .serve("/l", "application/octet-stream", image.layer());
            Map<String, String> redirects = Map.of(
                    "/v2/" + REPO + "/manifests/1", "/m",
                    image.blobPath(image.configDigest()), "/c",
                    image.blobPath(image.layerDigest()), "/l");
            registry.otherwise((r, out) -> {
                if (!basic.equals(r.header("Authorization"))) {
                    ScriptedRegistry.send(out, 401, Map.of("WWW-Authenticate", "Basic realm=\"scripted\""),
                            new byte[0]);
                } else if (r.path().equals("/v2/")) {
                    ScriptedRegistry.send(out, 200, Map.of("Content-Type", "application/json"), "{}".getBytes(UTF_8));
                } else if (redirects.containsKey(r.path())) {
                    ScriptedRegistry.send(out, 307, Map.of("Location", "http://" + storage.host()
                            + redirects.get(r.path()) + "?signed=1"), new byte[0]);
                } else {
                    ScriptedRegistry.send(out, 404, Map.of(), new byte[0]);
                }
            });
            Path dockerConfig = Files.createDirectories(tmp.resolve("docker"));
            Files.writeString(dockerConfig.resolve("config.json"), "{\"auths\":{\"" + registry.host()
                    + "\":{\"auth\":\"" + basic.substring(6) + "\"}}}");
            Path root = tmp.resolve("store");
            PullResult pulled = pull(registry, root, TestImages.options(tmp, dockerConfig));

            assertThat(pulled.manifest().digest()).isEqualTo(image.manifestDigest());
            assertThat(registry.requests()).anyMatch(r -> basic.equals(r.header("Authorization")));
            assertThat(storage.requests()).extracting(ScriptedRegistry.Request::path).contains("/m", "/c", "/l");
            assertThat(storage.requests()).as("requests to the other host").allSatisfy(r ->
                    assertThat(r.headers()).doesNotContainKey("authorization"));
            StoreChecks.assertConsistent(root);
        }
    }

    @Test
    void aManifestSentAByteAtATimeTimesOutInBoundedTime() throws Exception {
        Image image = Image.of("", "");
        try (ScriptedRegistry registry = serve(ScriptedRegistry.start(), image)) {
            registry.on("/v2/" + REPO + "/manifests/1", (r, out) -> {
                ScriptedRegistry.head(out, 200, Map.of("Content-Type", MediaTypes.OCI_MANIFEST),
                        image.manifest().length);
                for (byte b : image.manifest()) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(300);
                }
            });
            Path root = tmp.resolve("store");
            RegistryOptions options = TestImages.options(tmp).withTimeout(Duration.ofMillis(500));
            long start = System.nanoTime();
            assertThatThrownBy(() -> pull(registry, root, options))
                    .hasMessageContaining("fetch manifest")
                    .hasMessageContaining("timed out");
            // Four attempts of about a second each, not the minute the whole body would take.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
            assertNothingKept(root);
        }
    }

    @Test
    void aBlobThatStallsTimesOutInBoundedTime() throws Exception {
        Image image = Image.of("", "");
        try (ScriptedRegistry registry = serve(ScriptedRegistry.start(), image)) {
            registry.on(image.blobPath(image.layerDigest()), (r, out) -> {
                ScriptedRegistry.head(out, 200, Map.of("Content-Type", "application/octet-stream"),
                        image.layer().length);
                out.write(image.layer(), 0, 10);
                out.flush();
                Thread.sleep(60_000);
            });
            Path root = tmp.resolve("store");
            // The request time-out is also the longest wait for a blob's next byte.
            RegistryOptions options = TestImages.options(tmp).withTimeout(Duration.ofMillis(500));
            long start = System.nanoTime();
            assertThatThrownBy(() -> pull(registry, root, options))
                    .hasMessageContaining("download " + image.layerDigest())
                    .hasMessageContaining("giving up after 4 attempts")
                    .hasMessageContaining("no data for 500 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
            assertNothingKept(root, image.configDigest());
        }
    }

    /** The status line and headers of a chunked answer, with no Content-Length. */
    private static void chunkedHead(OutputStream out) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                + "Docker-Distribution-API-Version: registry/2.0\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aChunkedBlobThatNeverEndsIsCutOffAtItsDescriptorSizeAndNotRetried() throws Exception {
        Image image = Image.of("", "");
        long sent = 256L << 20; // what the server gives up after, so that old code fills no disk
        try (ScriptedRegistry registry = serve(ScriptedRegistry.start(), image)) {
            AtomicLong served = new AtomicLong();
            registry.on(image.blobPath(image.layerDigest()), (r, out) -> {
                chunkedHead(out);
                byte[] chunk = new byte[64 * 1024];
                byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                out.write(size);
                out.write(image.layer()); // the real bytes first, then more for ever
                out.write(chunk, 0, chunk.length - image.layer().length);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                for (long n = chunk.length; n < sent; n += chunk.length) {
                    out.write(size);
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    served.addAndGet(chunk.length);
                }
            });
            Path root = tmp.resolve("store");
            long start = System.nanoTime();
            Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                    assertThatThrownBy(() -> pull(registry, root, TestImages.options(tmp)))
                            .isInstanceOf(TransferLimitException.class)
                            .hasMessage(registry.host() + "/" + REPO + ":1: download " + image.layerDigest()
                                    + ": the server sent more than the " + image.layer().length
                                    + " bytes the descriptor says"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(registry.requests(image.layerDigest().encoded())).as("not retried").hasSize(1);
            assertThat(served.get()).as("bytes the server got out before the pull hung up").isLessThan(sent / 2);
            assertNothingKept(root, image.configDigest());
        }
    }

    @Test
    void aContentLengthLargerThanTheDescriptorIsRefusedBeforeTheBody() throws Exception {
        Image image = Image.of("", "");
        try (ScriptedRegistry registry = serve(ScriptedRegistry.start(), image)) {
            long announced = 40L << 30;
            registry.on(image.blobPath(image.layerDigest()), (r, out) -> {
                ScriptedRegistry.head(out, 200, Map.of("Content-Type", "application/octet-stream"), announced);
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 4096; i++) { // 256 MiB at most, then the connection closes
                    out.write(chunk);
                }
            });
            Path root = tmp.resolve("store");
            long start = System.nanoTime();
            Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                    assertThatThrownBy(() -> pull(registry, root, TestImages.options(tmp)))
                            .isInstanceOf(TransferLimitException.class)
                            .hasMessage(registry.host() + "/" + REPO + ":1: download " + image.layerDigest()
                                    + ": the registry announced " + announced + " bytes, more than the "
                                    + image.layer().length + " bytes the descriptor says"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(registry.requests(image.layerDigest().encoded())).as("not retried").hasSize(1);
            assertNothingKept(root, image.configDigest());
        }
    }

    @Test
    void aDescriptorLargerThanTheLimitIsRefusedBeforeTheDownload() throws Exception {
        Image image = Image.of("", "");
        try (ScriptedRegistry registry = serve(ScriptedRegistry.start(), image)) {
            Path root = tmp.resolve("store");
            RegistryOptions options = TestImages.options(tmp).withTransfers(new TransferLimits(0, 50));
            assertThatThrownBy(() -> pull(registry, root, options))
                    .isInstanceOf(RegistryException.class)
                    .hasMessage(registry.host() + "/" + REPO + ":1: layer " + image.layerDigest() + " is "
                            + image.layer().length + " bytes, more than the limit of 50 (-Djbuild.transfer.maxBytes)");
            assertThat(registry.requests("/blobs/")).isEmpty();
            assertNothingKept(root);
        }
    }

    @Test
    void aBlobThatTricklesIsCutOffByTheMinimumRate() throws Exception {
        Image image = Image.of("", "");
        try (ScriptedRegistry registry = serve(ScriptedRegistry.start(), image)) {
            registry.on(image.blobPath(image.layerDigest()), (r, out) -> {
                ScriptedRegistry.head(out, 200, Map.of("Content-Type", "application/octet-stream"),
                        image.layer().length);
                for (byte b : image.layer()) { // a byte every 200 ms: no read ever waits for the 1 s time-out
                    out.write(b);
                    out.flush();
                    Thread.sleep(200);
                }
            });
            Path root = tmp.resolve("store");
            RegistryOptions options = TestImages.options(tmp).withTimeout(Duration.ofSeconds(1))
                    .withTransfers(new TransferLimits(1000, TransferLimits.DEFAULT_MAX_BYTES));
            long start = System.nanoTime();
            assertThatThrownBy(() -> pull(registry, root, options))
                    .isInstanceOf(TransferLimitException.class)
                    .hasMessageStartingWith(registry.host() + "/" + REPO + ":1: download " + image.layerDigest()
                            + ": too slow: ")
                    .hasMessageEndingWith("below the minimum rate of 1000 bytes/s (-Djbuild.transfer.minRate)");
            // One second of grace, then the rate: 5 bytes a second is far below 1000.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
            assertThat(registry.requests(image.layerDigest().encoded())).as("not retried").hasSize(1);
            assertNothingKept(root, image.configDigest());
        }
    }

    @Test
    void aPullIntoAFullStoreFailsAtOnceNamingTheStore() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "mounting a tmpfs needs root");
        byte[] random = new byte[3 << 20]; // incompressible, larger than the 2 MiB disk
        new Random(5).nextBytes(random);
        Image small = Image.of("", "");
        Image image = Image.of("", random, small.config());
        Path root = Files.createDirectories(tmp.resolve("store"));
        HostCommand.check(List.of("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs",
                root.toString()), null, "mount");
        try (ScriptedRegistry registry = serve(ScriptedRegistry.start(), image)) {
            long start = System.nanoTime();
            Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                    assertThatThrownBy(() -> pull(registry, root, TestImages.options(tmp)))
                            .isInstanceOf(StoreWriteException.class)
                            .hasMessageContaining("writing a blob to the store " + root)
                            .hasMessageContaining("No space left on device"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(registry.requests(image.layerDigest().encoded())).as("not retried").hasSize(1);
            assertNothingKept(root, image.configDigest());
        } finally {
            HostCommand.check(List.of("umount", "-l", root.toString()), null, "umount");
        }
    }
}
