package io.jbuild.maven.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An image of a jbuild store, read the way any OCI tool would: {@code oci/index.json} → manifest → config and
 * layers, by digest under {@code oci/blobs/sha256}. Used by the integration tests' verify scripts (invoker puts
 * the test classes on their class path), on purpose without the store's own classes.
 */
public final class StoreImage {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path layout;
    private final String manifestDigest;
    private final JsonNode manifest;

    private StoreImage(Path layout, String manifestDigest) throws IOException {
        this.layout = layout;
        this.manifestDigest = manifestDigest;
        this.manifest = JSON.readTree(blob(manifestDigest).toFile());
    }

    /** The image tagged {@code reference} (normalized: {@code docker.io/library/name:tag}), if the store has it. */
    public static Optional<StoreImage> find(Path storeRoot, String reference) throws IOException {
        Path layout = storeRoot.resolve("oci");
        Path index = layout.resolve("index.json");
        if (!Files.isRegularFile(index)) {
            return Optional.empty();
        }
        for (JsonNode m : JSON.readTree(index.toFile()).path("manifests")) {
            if (reference.equals(m.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
                return Optional.of(new StoreImage(layout, m.path("digest").asText()));
            }
        }
        return Optional.empty();
    }

    public String manifestDigest() {
        return manifestDigest;
    }

    public String configDigest() {
        return manifest.path("config").path("digest").asText();
    }

    /** The image config: {@code config.Entrypoint}, {@code created}, {@code history}, ... */
    public JsonNode config() throws IOException {
        return JSON.readTree(blob(configDigest()).toFile());
    }

    public List<String> entrypoint() throws IOException {
        List<String> out = new ArrayList<>();
        config().path("config").path("Entrypoint").forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Every path in every layer, in order, without a leading {@code ./} or {@code /}. */
    public List<String> layerPaths() throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode layer : manifest.path("layers")) {
            try (InputStream raw = Files.newInputStream(blob(layer.path("digest").asText()));
                 InputStream in = layer.path("mediaType").asText().endsWith("gzip") ? new GZIPInputStream(raw) : raw;
                 TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                    out.add(e.getName().replaceFirst("^\\./", "").replaceFirst("^/", ""));
                }
            }
        }
        return out;
    }

    /** The OCI layout directory, for {@code skopeo inspect oci:DIR:REF}. */
    public Path layout() {
        return layout;
    }

    private Path blob(String digest) {
        return layout.resolve("blobs").resolve("sha256").resolve(digest.substring("sha256:".length()));
    }
}
