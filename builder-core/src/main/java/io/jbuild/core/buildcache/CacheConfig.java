package io.jbuild.core.buildcache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jbuild.core.image.Descriptor;
import io.jbuild.core.image.ImageManifest;
import io.jbuild.core.image.OciJson;
import io.jbuild.grammar.reference.Digest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * BuildKit's cache container: an OCI image manifest whose config blob, of media type
 * {@value #MEDIA_TYPE}, lists the layers ({@code blob}, {@code parent}, {@code annotations}) and the records
 * ({@code digest}, {@code inputs}, results under {@code layers}), and whose layers are the cached layer blobs.
 *
 * <p>jbuild's records are its own step keys ({@code sha256:<key>}): a key already chains everything before the step
 * (base image, earlier steps, build args, copied content, platform), so a record needs no {@code inputs}, and its one
 * result is the step's own layer (its {@code parent} is -1: jbuild does not export the layers below it, base
 * image layers included). A record without results is a step that made no layer. A record written by BuildKit has
 * another digest for the same step, so a cache BuildKit wrote finds no hit here, nor ours there.
 *
 * <p>Cache mounts ({@code --cache-to ...,mounts=ID}) are records of jbuild's own, under the top-level key
 * {@value #MOUNTS}: {@code {"id": ID, "layer": N}}, N indexing {@code layers} like a record's result; the layer is
 * the mount's files as a tar, paths relative to the mount. BuildKit reads past the key (its decoder ignores unknown
 * fields) and past the layer (no record names it).
 */
final class CacheConfig {

    /** The key of the cache mount records. */
    static final String MOUNTS = "jbuild.mounts";

    /** What a config holds: the step records by key, and the cache mounts' contents by mount id. */
    record Contents(Map<String, CachedLayer> steps, Map<String, CachedLayer> mounts) {
    }

    static final String MEDIA_TYPE = "application/vnd.buildkit.cacheconfig.v0";
    /** The annotation of a layer descriptor naming its diff ID (containerd's, which BuildKit writes). */
    static final String UNCOMPRESSED = "containerd.io/uncompressed";
    /** Far more than a config of thousands of steps takes (~250 bytes a step): a larger one is refused unread. */
    static final int MAX_SIZE = 4 * 1024 * 1024;

    private static final Pattern KEY = Pattern.compile("sha256:[0-9a-f]{64}");

    private CacheConfig() {
    }

    /** The config for {@code steps} (step key → what it made), layers in first-use order. */
    static byte[] write(Map<String, CachedLayer> steps) {
        return write(steps, Map.of());
    }

    /** The config for {@code steps} and the cache mounts {@code mounts} (id → its files as a layer). */
    static byte[] write(Map<String, CachedLayer> steps, Map<String, CachedLayer> mounts) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        ArrayNode layers = root.putArray("layers");
        ArrayNode records = root.putArray("records");
        Map<Digest, Integer> index = new HashMap<>();
        for (Map.Entry<String, CachedLayer> step : steps.entrySet()) {
            ObjectNode record = records.addObject();
            record.put("digest", "sha256:" + step.getKey());
            CachedLayer layer = step.getValue();
            if (!layer.empty()) {
                record.putArray("layers").addObject().put("layer", layerIndex(layer, layers, index));
            }
        }
        if (!mounts.isEmpty()) {
            ArrayNode m = root.putArray(MOUNTS);
            mounts.forEach((id, layer) -> m.addObject().put("id", id).put("layer", layerIndex(layer, layers, index)));
        }
        return OciJson.writeTree(root);
    }

    /** Where {@code layer} is in {@code layers}, added at the end the first time. */
    private static int layerIndex(CachedLayer layer, ArrayNode layers, Map<Digest, Integer> index) {
        Integer at = index.get(layer.descriptor().digest());
        if (at == null) {
            at = layers.size();
            index.put(layer.descriptor().digest(), at);
            ObjectNode l = layers.addObject();
            l.put("blob", layer.descriptor().digest().toString());
            l.put("parent", -1);
            ObjectNode a = l.putObject("annotations");
            a.put("mediaType", layer.descriptor().mediaType());
            a.put("diffID", layer.diffId().toString());
            a.put("size", layer.descriptor().size());
        }
        return at;
    }

    /** The layer blobs {@code steps} name, each once, in first-use order, annotated with their diff IDs. */
    static List<Descriptor> blobs(Map<String, CachedLayer> steps) {
        return blobs(steps, Map.of());
    }

    /** The layer blobs of {@code steps}, then of {@code mounts}, each once, annotated with their diff IDs. */
    static List<Descriptor> blobs(Map<String, CachedLayer> steps, Map<String, CachedLayer> mounts) {
        Map<Digest, Descriptor> out = new LinkedHashMap<>();
        List<CachedLayer> all = new ArrayList<>(steps.values());
        all.addAll(mounts.values());
        for (CachedLayer layer : all) {
            if (!layer.empty()) {
                out.putIfAbsent(layer.descriptor().digest(), layer.descriptor().bare()
                        .withAnnotation(UNCOMPRESSED, layer.diffId().toString()));
            }
        }
        return new ArrayList<>(out.values());
    }

    /** The manifest of a cache: {@code config} (this class's JSON) and the layer blobs. */
    static byte[] manifest(byte[] config, List<Descriptor> layers) {
        return OciJson.write(ImageManifest.oci(Descriptor.of(MEDIA_TYPE, Digest.of(config), config.length), layers));
    }

    /**
     * The records of a config, keyed by step key. A record whose result names a layer the manifest does not hold,
     * or that is malformed, is left out with a warning; records that are not jbuild keys are skipped silently.
     *
     * @param blobs the manifest's layer descriptors by digest
     * @throws IOException when the document is not a cache config at all
     */
    static Contents read(byte[] json, Map<Digest, Descriptor> blobs, Consumer<String> warn)
            throws IOException {
        JsonNode root = OciJson.readTree(json);
        if (root == null || !root.isObject() || !root.path("records").isArray()
                || !(root.path("layers").isArray() || root.path("layers").isMissingNode())) {
            throw new IOException("not a BuildKit cache config (no records)");
        }
        List<CachedLayer> layers = new ArrayList<>();
        for (JsonNode l : root.path("layers")) {
            layers.add(layer(l, blobs));
        }
        return new Contents(records(root.path("records"), layers, warn), mounts(root.path(MOUNTS), layers, warn));
    }

    /** The cache mount records: id → layer; one naming a layer the cache lacks, or malformed, is left out. */
    private static Map<String, CachedLayer> mounts(JsonNode mounts, List<CachedLayer> layers, Consumer<String> warn) {
        Map<String, CachedLayer> out = new LinkedHashMap<>();
        int n = -1;
        for (JsonNode m : mounts) {
            n++;
            JsonNode id = m.path("id");
            JsonNode at = m.path("layer");
            CachedLayer layer = at.isInt() && at.asInt() >= 0 && at.asInt() < layers.size()
                    ? layers.get(at.asInt()) : null;
            if (!id.isTextual() || id.asText().isEmpty() || layer == null) {
                warn.accept("cache mount record " + n + " ignored: it names no id or a layer the cache does not"
                        + " hold");
                continue;
            }
            out.putIfAbsent(id.asText(), layer);
        }
        return out;
    }

    /**
     * The records of an inline cache: BuildKit's form, a JSON array of records whose results index the image's own
     * layers ({@code layers}, with their diff IDs from the image's config).
     */
    static Map<String, CachedLayer> readInline(byte[] json, List<CachedLayer> layers, Consumer<String> warn)
            throws IOException {
        JsonNode records = OciJson.readTree(json);
        if (records == null || !records.isArray()) {
            throw new IOException("the image's inline cache is not a list of cache records");
        }
        return records(records, layers, warn);
    }

    /** The inline form of {@code steps}: records whose results index {@code imageLayers}, as BuildKit writes it. */
    static byte[] writeInline(Map<String, CachedLayer> steps, List<Descriptor> imageLayers) {
        ArrayNode records = JsonNodeFactory.instance.arrayNode();
        for (Map.Entry<String, CachedLayer> step : steps.entrySet()) {
            ObjectNode record = records.addObject();
            record.put("digest", "sha256:" + step.getKey());
            if (!step.getValue().empty()) {
                for (int i = 0; i < imageLayers.size(); i++) {
                    if (imageLayers.get(i).digest().equals(step.getValue().descriptor().digest())) {
                        record.putArray("layers").addObject().put("layer", i);
                        break;
                    }
                }
            }
        }
        return OciJson.writeTree(records);
    }

    private static Map<String, CachedLayer> records(JsonNode records, List<CachedLayer> layers, Consumer<String> warn) {
        Map<String, CachedLayer> out = new LinkedHashMap<>();
        int skipped = 0;
        String firstProblem = null;
        for (JsonNode r : records) {
            String digest = r.path("digest").asText("");
            if (!KEY.matcher(digest).matches()) {
                continue; // not one of our keys (another algorithm, or malformed): no step can ask for it
            }
            JsonNode results = r.path("layers");
            if (results.isMissingNode() || results.isEmpty()) {
                out.put(digest.substring(7), CachedLayer.NONE);
                continue;
            }
            JsonNode at = results.get(0).path("layer");
            CachedLayer layer = at.isInt() && at.asInt() >= 0 && at.asInt() < layers.size()
                    ? layers.get(at.asInt()) : null;
            if (layer == null) {
                skipped++;
                if (firstProblem == null) {
                    firstProblem = "record " + digest + " names layer " + at + ", which the cache does not hold";
                }
                continue;
            }
            out.put(digest.substring(7), layer);
        }
        if (skipped > 0) {
            warn.accept(skipped + " cache record(s) ignored: " + firstProblem);
        }
        return out;
    }

    /** A layer of the config as the manifest holds it; null when it holds no such blob or it lacks a diff ID. */
    private static CachedLayer layer(JsonNode l, Map<Digest, Descriptor> blobs) {
        try {
            Descriptor blob = blobs.get(Digest.parse(l.path("blob").asText("")));
            if (blob == null) {
                return null;
            }
            String diffId = l.path("annotations").path("diffID").asText("");
            if (diffId.isEmpty()) {
                diffId = blob.annotation(UNCOMPRESSED).orElse("");
            }
            return new CachedLayer(blob.bare(), Digest.parse(diffId));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
