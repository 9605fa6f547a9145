package io.jbuild.core.buildcache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jbuild.core.build.BuildRequest;
import io.jbuild.core.build.ImageBuilder;
import io.jbuild.core.image.Descriptor;
import io.jbuild.core.image.ImageManifest;
import io.jbuild.core.image.Manifest;
import io.jbuild.core.image.OciJson;
import io.jbuild.core.image.Platform;
import io.jbuild.core.registry.RegistryOptions;
import io.jbuild.core.store.ImageStore;
import io.jbuild.grammar.reference.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
                .sourceDateEpoch(Instant.ofEpochSecond(1)).cacheFrom(from).cacheTo(to).build(), new StepRecorder(ran, warnings));
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

    /** A cache mount blob of {@code entries} (name, then a symlink target or null for a file), named m2 in the cache. */
    private void addMount(String... entries) throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
            for (int i = 0; i < entries.length; i += 2) {
                TarArchiveEntry e;
                if (entries[i + 1] != null) {
                    e = new TarArchiveEntry(entries[i], TarArchiveEntry.LF_SYMLINK);
                    e.setLinkName(entries[i + 1]);
                    out.putArchiveEntry(e);
                } else {
                    e = new TarArchiveEntry(entries[i]);
                    e.setSize(4);
                    out.putArchiveEntry(e);
                    out.write("evil".getBytes(StandardCharsets.UTF_8));
                }
                out.closeArchiveEntry();
            }
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(tar.toByteArray());
        }
        byte[] blob = gz.toByteArray();
        Files.write(blob(Digest.of(blob)), blob);
        ImageManifest m = manifest();
        List<Descriptor> layers = new ArrayList<>(m.layers());
        layers.add(Descriptor.of("application/vnd.oci.image.layer.v1.tar+gzip", Digest.of(blob), blob.length));
        ObjectNode config = (ObjectNode) OciJson.readTree(Files.readAllBytes(blob(m.config().digest())));
        ObjectNode layer = ((ArrayNode) config.path("layers")).addObject();
        layer.put("blob", Digest.of(blob).toString()).put("parent", -1);
        layer.putObject("annotations").put("diffID", Digest.of(tar.toByteArray()).toString());
        config.putArray(CacheConfig.MOUNTS).addObject().put("id", "m2").put("layer", config.path("layers").size() - 1);
        byte[] bytes = OciJson.writeTree(config);
        Files.write(blob(Digest.of(bytes)), bytes);
        writeManifest(CacheConfig.manifest(bytes, layers));
    }

    /** Seeds an empty directory from the cache's mount m2, as a step's first use of the mount would. */
    private boolean seed(Path dir, List<String> warnings) throws IOException {
        Files.createDirectories(dir);
        try (ImportedCache imported = ImportedCache.load(List.of(CacheSource.parse("type=local,src=" + cache)),
                registry -> RegistryOptions.defaults(), Platform.host(), warnings::add, 1 << 20)) {
            return imported.mountSeed(ImageStore.open(tmp.resolve("seeding")).blobs()).fill("m2", dir);
        }
    }

    @Test
    void aCacheMountIsSeededFromTheCacheInsideTheMountOnly() throws Exception {
        addMount("repo/dep.jar", null, "repo/link", "../../../outside");
        List<String> warnings = new ArrayList<>();
        Path dir = tmp.resolve("mount");
        assertThat(seed(dir, warnings)).isTrue();
        assertThat(warnings).isEmpty();
        assertThat(dir.resolve("repo/dep.jar")).hasContent("evil");
        assertThat(Files.readSymbolicLink(dir.resolve("repo/link"))).hasToString("../../../outside");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dotdot", "absolute", "symlink", "relative-symlink"})
    void aCacheMountBlobClimbingOutOfTheMountIsRefused(String attack) throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        switch (attack) {
            case "dotdot" -> addMount("../../escaped", null);
            case "absolute" -> addMount(outside + "/absolute", null);
            // a symlink to outside, then an entry written through it
            case "symlink" -> addMount("link", outside.toString(), "link/through-link", null);
            default -> addMount("up", "../../outside", "up/through-relative-link", null);
        }
        List<String> warnings = new ArrayList<>();
        Path dir = tmp.resolve("mounts/m2");
        boolean filled = seed(dir, warnings);
        try (var names = Files.list(outside)) {
            assertThat(names).isEmpty();
        }
        assertThat(tmp.resolve("escaped")).doesNotExist();
        assertThat(tmp.resolve("mounts/escaped")).doesNotExist();
        if (!filled) {
            assertThat(warnings).singleElement().asString().contains("cache mount m2").endsWith("it starts empty");
        }
    }

    @Test
    void notJsonAtAllIsAWarning() throws Exception {
        rewriteConfig(c -> c.removeAll());
        Outcome b = buildFromCache("b");
        assertThat(b.ran).hasSize(2);
        assertThat(b.warnings).singleElement().asString().contains("not a BuildKit cache config");
    }
}
