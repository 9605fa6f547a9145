package io.jbuild.core.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jbuild.core.buildcache.CachedLayer;
import io.jbuild.core.buildcache.ImportedCache;
import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.image.OciJson;
import io.jbuild.core.store.BlobStore;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

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
    private final Supplier<ImportedCache> imports;
    /** The sources, once a lookup waited for them: until then no hit can have come from them. */
    private volatile ImportedCache asked;
    /** The steps this build took from the cache or made, in that order: what {@code --cache-to} exports. */
    private final Map<String, Layer> used = Collections.synchronizedMap(new LinkedHashMap<>());
    /** Imported hits not yet kept as entries: their blob's check has not ended. */
    private final Map<String, Layer> unentered = Collections.synchronizedMap(new LinkedHashMap<>());

    StepCache(Path dir, BlobStore blobs) {
        this(dir, blobs, () -> ImportedCache.NONE);
    }

    /**
     * @param imports the records of {@code --cache-from} sources, asked when the store has no entry (the first ask
     *                may wait for them to be read)
     */
    StepCache(Path dir, BlobStore blobs, Supplier<ImportedCache> imports) {
        this.dir = dir;
        this.blobs = blobs;
        this.imports = imports;
    }

    /** The step's layer: the store's entry, else an imported record (then kept as an entry of the store). */
    Optional<Layer> get(String key) {
        Optional<Layer> hit = local(key);
        if (hit.isEmpty()) {
            ImportedCache sources = imports.get();
            asked = sources;
            hit = sources.find(key, blobs).map(l -> new Layer(l.descriptor(), l.diffId()));
            // A hit whose blob is not checked yet (fetched in the background, or left in the cache of an image only
            // pushed) becomes an entry once it is: confirmImported().
            if (hit.isPresent()) {
                unentered.put(key, hit.get());
                enterChecked();
            }
        }
        hit.ifPresent(l -> used.putIfAbsent(key, l));
        return hit;
    }

    /** Starts fetching an imported hit's blob now ({@link ImportedCache#fetchEarly}); nothing for others. */
    void fetchEarly(Layer layer) {
        ImportedCache sources = asked;
        if (layer.descriptor() != null && sources != null) {
            sources.fetchEarly(layer.descriptor().digest(), blobs);
        }
    }

    /**
     * Waits for the checks of the imported hits this build took on trust, and keeps those checked as entries; false
     * when one was refused: then nothing the build made from it may be kept, and it builds again.
     */
    boolean confirmImported() {
        ImportedCache sources = asked;
        if (sources == null) {
            return true; // nothing was taken from them (a build that failed first does not wait for them)
        }
        boolean good = sources.confirmTaken();
        enterChecked();
        return good;
    }

    private void enterChecked() {
        synchronized (unentered) {
            for (var it = unentered.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Layer> e = it.next();
                Descriptor d = e.getValue().descriptor();
                if (d == null || asked.checked(d.digest())) {
                    try {
                        put(e.getKey(), e.getValue());
                    } catch (IOException ex) {
                        // only a shortcut for the next build: this one has the layer
                    }
                    it.remove();
                }
            }
        }
    }

    /**
     * Every step this build took from the cache or made (key → its layer), in key order (stages run at once: the
     * order they came in is not the same twice).
     */
    Map<String, CachedLayer> steps() {
        Map<String, CachedLayer> out = new TreeMap<>();
        synchronized (used) {
            used.forEach((k, l) -> out.put(k, new CachedLayer(l.descriptor(), l.diffId())));
        }
        return out;
    }

    private Optional<Layer> local(String key) {
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
        Optional<Layer> entry = local("image-" + key);
        return entry.map(Layer::descriptor).filter(d -> d != null);
    }

    void putImage(String key, Descriptor manifest) throws IOException {
        put("image-" + key, new Layer(manifest, manifest.digest()));
    }

    void put(String key, Layer layer) throws IOException {
        if (!key.startsWith("image-")) {
            used.putIfAbsent(key, layer);
        }
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
