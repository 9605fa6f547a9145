package io.jbuild.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jbuild.core.image.ContainerConfig;
import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.image.DigestMismatchException;
import io.jbuild.core.image.ImageConfig;
import io.jbuild.core.image.ImageIndex;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.core.image.MediaTypes;
import io.jbuild.core.image.OciJson;
import io.jbuild.core.image.Platform;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** save and load: round trips through both formats, and archives written by docker save. */
class ImageArchiveTest {

    private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ImageReference ref(String s) {
        return ImageReference.parse(s);
    }

    private static Map<String, byte[]> entries(byte[] tar) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.put(e.getName(), e.isFile() ? in.readAllBytes() : null);
            }
        }
        return out;
    }

    private byte[] save(ImageStore store, ArchiveFormat format, String... images) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ArchiveWriter(store).write(List.of(images), format, out);
        return out.toByteArray();
    }

    @Test
    void dockerFormatIsBothADockerArchiveAndAnOciLayout() throws Exception {
        ImageStore store = ImageStore.open(dir.resolve("a"));
        Descriptor image = TestImages.image(store, T, "l1", "l2");
        store.tag(ref("hello:1.0"), image);
        store.tag(ref("erectbranch/hello:1"), image);
        ResolvedImage r = store.resolve("hello:1.0");

        byte[] tar = save(store, ArchiveFormat.DOCKER, "hello:1.0", "erectbranch/hello:1");
        Map<String, byte[]> files = entries(tar);
        assertThat(files.keySet()).containsExactly("blobs/", "blobs/sha256/",
                "blobs/sha256/" + Digest.of(utf8("l1")).encoded(), "blobs/sha256/" + Digest.of(utf8("l2")).encoded(),
                "blobs/sha256/" + r.imageId().encoded(), "blobs/sha256/" + image.digest().encoded(),
                "oci-layout", "index.json", "manifest.json");
        JsonNode manifestJson = OciJson.readTree(files.get("manifest.json"));
        assertThat(manifestJson).hasSize(1);
        assertThat(manifestJson.get(0).path("Config").asText()).isEqualTo("blobs/sha256/" + r.imageId().encoded());
        assertThat(manifestJson.get(0).path("RepoTags")).extracting(JsonNode::asText)
                .containsExactly("hello:1.0", "erectbranch/hello:1");
        assertThat(manifestJson.get(0).path("Layers")).hasSize(2);
        ImageIndex index = OciJson.read(files.get("index.json"), ImageIndex.class);
        assertThat(index.manifests()).extracting(d -> d.annotation(ArchiveWriter.CONTAINERD_NAME).orElseThrow())
                .containsExactly("docker.io/library/hello:1.0", "docker.io/erectbranch/hello:1");
        assertThat(Digest.of(files.get("blobs/sha256/" + image.digest().encoded()))).isEqualTo(image.digest());

        assertThat(save(store, ArchiveFormat.DOCKER, "hello:1.0", "erectbranch/hello:1"))
                .as("saving twice gives the same bytes").isEqualTo(tar);
        assertThat(entries(save(store, ArchiveFormat.OCI, "hello:1.0"))).doesNotContainKey("manifest.json");
    }

    @Test
    void roundTripKeepsDigestsAndNames() throws Exception {
        ImageStore source = ImageStore.open(dir.resolve("a"));
        Descriptor image = TestImages.image(source, T, "l1");
        source.tag(ref("hello:1.0"), image);
        Digest id = source.resolve("hello:1.0").imageId();
        for (ArchiveFormat format : ArchiveFormat.values()) {
            ImageStore target = ImageStore.open(dir.resolve("b-" + format));
            LoadResult result = new ArchiveLoader(target).load(new ByteArrayInputStream(save(source, format, "hello:1.0")));
            assertThat(result.tagged()).containsExactly(ref("hello:1.0"));
            ResolvedImage loaded = target.resolve("hello:1.0");
            assertThat(loaded.manifestDescriptor().digest()).isEqualTo(image.digest());
            assertThat(loaded.imageId()).isEqualTo(id);
        }
    }

    @Test
    void imagesSavedByIdLoadUnnamed() throws Exception {
        ImageStore source = ImageStore.open(dir.resolve("a"));
        source.tag(ref("hello"), TestImages.image(source, T, "l1"));
        Digest id = source.resolve("hello").imageId();
        ImageStore target = ImageStore.open(dir.resolve("b"));
        LoadResult result = new ArchiveLoader(target).load(new ByteArrayInputStream(save(source, ArchiveFormat.DOCKER, id.shortHex())));
        assertThat(result.tagged()).isEmpty();
        assertThat(result.untagged()).containsExactly(id);
        assertThat(target.list()).singleElement().satisfies(s -> {
            assertThat(s.repository()).isEqualTo("<none>");
            assertThat(s.tag()).isEqualTo("<none>");
        });
        // Naming it later replaces the <none> entry.
        target.tag(id.toString(), ref("named"));
        assertThat(target.list()).extracting(ImageSummary::repository).containsExactly("named");
    }

    /** The layout of docker save before Docker 25: <id>.json config, <dir>/layer.tar plain tars, symlinks. */
    @Test
    void loadsClassicDockerSave() throws Exception {
        byte[] layer1 = tarWith("etc/hostname", "box\n");
        byte[] layer2 = tarWith("etc/motd", "hi\n");
        ImageConfig config = ImageConfig.of(Platform.of("linux", "amd64", null),
                ContainerConfig.empty().withCmd(List.of("sh")), List.of(Digest.of(layer1), Digest.of(layer2), Digest.of(layer1)));
        byte[] configJson = OciJson.write(config);
        String configName = Digest.of(configJson).encoded() + ".json";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            file(tar, "aaaa/layer.tar", layer1);
            file(tar, "aaaa/VERSION", utf8("1.0"));
            file(tar, "bbbb/layer.tar", gzip(layer2));
            TarArchiveEntry link = new TarArchiveEntry("cccc/layer.tar", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("../aaaa/layer.tar");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            file(tar, configName, configJson);
            file(tar, "manifest.json", utf8("[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"box:1\"],"
                    + "\"Layers\":[\"aaaa/layer.tar\",\"bbbb/layer.tar\",\"cccc/layer.tar\"]}]"));
            file(tar, "repositories", utf8("{\"box\":{\"1\":\"cccc\"}}"));
        }
        ImageStore store = ImageStore.open(dir.resolve("s"));
        LoadResult result = new ArchiveLoader(store).load(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(result.tagged()).containsExactly(ref("box:1"));
        ResolvedImage r = store.resolve("box:1");
        assertThat(r.imageId()).isEqualTo(Digest.of(configJson));
        assertThat(r.manifest().layers()).extracting(Descriptor::mediaType)
                .containsExactly(MediaTypes.OCI_LAYER, MediaTypes.OCI_LAYER_GZIP, MediaTypes.OCI_LAYER);
        assertThat(r.manifest().layers().get(0).digest()).isEqualTo(Digest.of(layer1));
        assertThat(r.manifest().layers().get(2).digest()).isEqualTo(Digest.of(layer1));
        assertThat(r.manifestDescriptor().platform()).isEqualTo(Platform.of("linux", "amd64", null));
    }

    @Test
    void truncatedArchiveAddsNoTag() throws Exception {
        ImageStore source = ImageStore.open(dir.resolve("a"));
        source.tag(ref("hello"), TestImages.image(source, T, "x".repeat(5000)));
        byte[] tar = save(source, ArchiveFormat.DOCKER, "hello");
        ImageStore target = ImageStore.open(dir.resolve("b"));
        byte[] truncated = Arrays.copyOf(tar, 3000);
        assertThatThrownBy(() -> new ArchiveLoader(target).load(new ByteArrayInputStream(truncated)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("runcated");
        assertThat(target.list()).isEmpty();
        target.prune(Duration.ZERO);
        assertThat(target.blobs().list()).isEmpty();

        assertThatThrownBy(() -> new ArchiveLoader(target).load(new ByteArrayInputStream(tarBytes("readme.txt", "hi"))))
                .hasMessage("not an image archive: it has neither index.json nor manifest.json");
    }

    @Test
    void corruptBlobInArchiveIsRejected() throws Exception {
        ImageStore source = ImageStore.open(dir.resolve("a"));
        source.tag(ref("hello"), TestImages.image(source, T, "original"));
        Map<String, byte[]> files = entries(save(source, ArchiveFormat.OCI, "hello"));
        String layerPath = "blobs/sha256/" + Digest.of(utf8("original")).encoded();
        files.put(layerPath, utf8("tampered"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                if (e.getValue() != null) {
                    file(tar, e.getKey(), e.getValue());
                }
            }
        }
        ImageStore target = ImageStore.open(dir.resolve("b"));
        assertThatThrownBy(() -> new ArchiveLoader(target).load(new ByteArrayInputStream(bytes.toByteArray())))
                .isInstanceOf(DigestMismatchException.class);
        assertThat(target.list()).isEmpty();
    }

    @Test
    void saveOfAnUnknownImageNamesIt() throws Exception {
        ImageStore store = ImageStore.open(dir.resolve("a"));
        assertThatThrownBy(() -> save(store, ArchiveFormat.DOCKER, "nope:1"))
                .isInstanceOf(NoSuchImageException.class).hasMessage("no such image: nope:1");
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static byte[] tarWith(String name, String content) throws IOException {
        return tarBytes(name, content);
    }

    private static byte[] tarBytes(String name, String content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            file(tar, name, utf8(content));
        }
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
