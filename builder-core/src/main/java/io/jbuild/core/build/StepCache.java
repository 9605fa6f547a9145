package io.jbuild.core.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.image.OciJson;
import io.jbuild.core.store.BlobStore;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The build cache: step key → the layer that step made. An entry counts only while its blob is in the store;
 * entries are written atomically, and an unreadable entry is a miss, never an error.
 */
final class StepCache {

    /** A cached layer: its blob descriptor and its diff ID. */
    record Layer(Descriptor descriptor, Digest diffId) {
        /** The step made no layer (a RUN that changed nothing). */
        static final Layer NONE = new Layer(null, null);
    }

    /** Far more than an entry takes (~0.3 KB): a larger file is not one of ours, and is a miss. */
    private static final long MAX_ENTRY_SIZE = 64 * 1024;

    private final Path dir;
    private final BlobStore blobs;

    StepCache(Path dir, BlobStore blobs) {
        this.dir = dir;
        this.blobs = blobs;
    }

    Optional<Layer> get(String key) {
        Path file = dir.resolve(key + ".json");
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_ENTRY_SIZE) {
                return Optional.empty();
            }
            JsonNode n = OciJson.readTree(Files.readAllBytes(file));
            if (n.path("empty").asBoolean(false)) {
                return Optional.of(Layer.NONE);
            }
            Digest digest = Digest.parse(n.path("digest").asText());
            if (!blobs.has(digest)) {
                return Optional.empty();
            }
            return Optional.of(new Layer(Descriptor.of(n.path("mediaType").asText(), digest, n.path("size").asLong()),
                    Digest.parse(n.path("diffId").asText())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A whole image made before from exactly the same steps (all cached): its manifest, if it is still stored. */
    Optional<Descriptor> image(String key) {
        Optional<Layer> entry = get("image-" + key);
        return entry.map(Layer::descriptor).filter(d -> d != null);
    }

    void putImage(String key, Descriptor manifest) throws IOException {
        put("image-" + key, new Layer(manifest, manifest.digest()));
    }

    void put(String key, Layer layer) throws IOException {
        Files.createDirectories(dir);
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        if (layer.descriptor() == null) {
            n.put("empty", true);
        } else {
            n.put("mediaType", layer.descriptor().mediaType());
            n.put("digest", layer.descriptor().digest().toString());
            n.put("size", layer.descriptor().size());
            n.put("diffId", layer.diffId().toString());
        }
        Path tmp = Files.createTempFile(dir, key, ".tmp");
        try {
            Files.write(tmp, OciJson.writeTree(n));
            try {
                Files.move(tmp, dir.resolve(key + ".json"), StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(key + ".json"), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
