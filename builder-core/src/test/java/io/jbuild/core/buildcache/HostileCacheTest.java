package io.jbuild.core.buildcache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jbuild.core.build.BuildListener;
import io.jbuild.core.build.BuildRequest;
import io.jbuild.core.build.ImageBuilder;
import io.jbuild.core.image.Descriptor;
import io.jbuild.core.image.ImageManifest;
import io.jbuild.core.image.Manifest;
import io.jbuild.core.image.OciJson;
import io.jbuild.core.store.ImageStore;
import io.jbuild.grammar.reference.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache directory someone else wrote, tampered with in each way a reader must survive: every case is a warning and
 * the step runs (never a wrong layer, never a failed build). COPY-only builds: no container needed.
 */
class HostileCacheTest {

    @TempDir
    Path tmp;
    Path cache;
    Path ctx;

    @BeforeEach
    void exportedCache() throws Exception {
        ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY a.txt /\nCOPY b.txt /\n");
        Files.writeString(ctx.resolve("a.txt"), "a\n");
        Files.writeString(ctx.resolve("b.txt"), "b\n");
        cache = tmp.resolve("cache");
        Outcome a = build("a", List.of(), List.of(CacheTarget.parse("type=local,dest=" + cache + ",mode=max")));
        assertThat(a.ran).hasSize(2);
        Outcome check = build("check", List.of(CacheSource.parse("type=local,src=" + cache)), List.of());
        assertThat(check.ran).isEmpty();
        assertThat(check.warnings).isEmpty();
    }

    record Outcome(List<String> ran, List<String> warnings) {
    }

    private Outcome build(String store, List<CacheSource> from, List<CacheTarget> to) throws Exception {
        List<String> ran = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        new ImageBuilder(ImageStore.open(tmp.resolve(store)), null, 1).build(BuildRequest.builder(ctx)
                .sourceDateEpoch(Instant.ofEpochSecond(1)).cacheFrom(from).cacheTo(to).build(), new BuildListener() {
                    @Override
                    public void stepDone(String stage, int number, Duration took) {
                        if (number > 1) {
                            ran.add(stage + "/" + number);
                        }
                    }

                    @Override
                    public void warning(String message) {
                        warnings.add(message);
                    }
                });
        return new Outcome(ran, warnings);
    }

    private Outcome buildFromCache(String store) throws Exception {
        return build(store, List.of(CacheSource.parse("type=local,src=" + cache)), List.of());
    }

    private Path blob(Digest d) {
        return cache.resolve("blobs/sha256/" + d.encoded());
    }

    private ImageManifest manifest() throws IOException {
        JsonNode index = OciJson.readTree(Files.readAllBytes(cache.resolve("index.json")));
        Digest d = Digest.parse(index.path("manifests").get(0).path("digest").asText());
        return (ImageManifest) Manifest.parse(Files.readAllBytes(blob(d)), null);
    }

    /** Rewrites the cache as a consistent whole (digests right) whose config {@code change} altered. */
    private void rewriteConfig(Consumer<ObjectNode> change) throws IOException {
        ImageManifest m = manifest();
        ObjectNode config = (ObjectNode) OciJson.readTree(Files.readAllBytes(blob(m.config().digest())));
        change.accept(config);
        byte[] bytes = OciJson.writeTree(config);
        Files.write(blob(Digest.of(bytes)), bytes);
        writeManifest(CacheConfig.manifest(bytes, m.layers()));
    }

    private void writeManifest(byte[] manifest) throws IOException {
        Files.write(blob(Digest.of(manifest)), manifest);
        Files.writeString(cache.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + Digest.of(manifest) + "\",\"size\":"
                + manifest.length + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"latest\"}}]}");
    }

    @Test
    void aConfigThatDoesNotMatchItsDigestIsRefused() throws Exception {
        Files.writeString(blob(manifest().config().digest()), "{\"layers\":[],\"records\":[]}");
        Outcome b = buildFromCache("b");
        assertThat(b.ran).hasSize(2);
        assertThat(b.warnings).singleElement().asString().contains("does not match its digest")
                .endsWith("building without it");
    }

    @Test
    void aHugeConfigIsRefusedUnread() throws Exception {
        ImageManifest m = manifest();
        Descriptor huge = Descriptor.of(CacheConfig.MEDIA_TYPE, m.config().digest(), 1L << 40);
        writeManifest(OciJson.write(ImageManifest.oci(huge, m.layers())));
        Outcome b = buildFromCache("b");
        assertThat(b.ran).hasSize(2);
        assertThat(b.warnings).singleElement().asString().contains("is 1099511627776 bytes, more than the");
    }

    @Test
    void aMissingLayerBlobRunsItsStepOnly() throws Exception {
        Files.delete(blob(manifest().layers().get(0).digest()));
        Outcome b = buildFromCache("b");
        assertThat(b.ran).containsExactly("0/2");
        assertThat(b.warnings).singleElement().asString().contains("layer " + manifest().layers().get(0).digest()
                + " cannot be used").endsWith("the steps that made it run");
    }

    @Test
    void aLayerBlobWithOtherContentIsRefused() throws Exception {
        List<Descriptor> layers = manifest().layers();
        Files.copy(blob(layers.get(1).digest()), blob(layers.get(0).digest()),
                StandardCopyOption.REPLACE_EXISTING);
        Outcome b = buildFromCache("b");
        assertThat(b.ran).containsExactly("0/2");
        assertThat(b.warnings).singleElement().asString().contains("cannot be used");
    }

    @Test
    void aRecordLyingAboutItsDiffIdIsAMiss() throws Exception {
        rewriteConfig(c -> ((ObjectNode) c.path("layers").get(0).path("annotations"))
                .put("diffID", Digest.of(new byte[0]).toString()));
        Outcome b = buildFromCache("b");
        assertThat(b.ran).containsExactly("0/2");
        assertThat(b.warnings).singleElement().asString().contains("diff ID is");
    }

    @Test
    void aRecordNamingALayerTheCacheLacksIsIgnored() throws Exception {
        rewriteConfig(c -> ((ObjectNode) c.path("records").get(0).path("layers").get(0)).put("layer", 99));
        Outcome b = buildFromCache("b");
        assertThat(b.ran).hasSize(1);
        assertThat(b.warnings).singleElement().asString().contains("1 cache record(s) ignored: record sha256:")
                .contains("names layer 99, which the cache does not hold");
    }

    @Test
    void notJsonAtAllIsAWarning() throws Exception {
        rewriteConfig(c -> c.removeAll());
        Outcome b = buildFromCache("b");
        assertThat(b.ran).hasSize(2);
        assertThat(b.warnings).singleElement().asString().contains("not a BuildKit cache config");
    }
}
