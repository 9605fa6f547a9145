package io.jbuild.core.buildcache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jbuild.core.image.Descriptor;
import io.jbuild.core.image.ImageConfig;
import io.jbuild.core.image.OciJson;
import io.jbuild.grammar.reference.Digest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code --cache-to type=inline}: the cache records travel inside the image's config, under BuildKit's key
 * {@value #KEY} (as BuildKit writes it: a JSON list of records, base64, whose results index the image's own
 * layers, diff IDs from its {@code rootfs}); {@code --cache-from IMAGE} reads them
 * back from a plain image. Only the image's own steps fit ({@code mode=min}), as in BuildKit.
 */
public final class InlineCache {

    static final String KEY = "moby.buildkit.cache.v0";

    private InlineCache() {
    }

    /** {@code config} carrying the records of {@code steps} whose layers are among {@code layers}. */
    public static ImageConfig embed(ImageConfig config, Map<String, CachedLayer> steps, List<Descriptor> layers) {
        Set<Digest> inImage = new HashSet<>();
        layers.forEach(l -> inImage.add(l.digest()));
        byte[] json = CacheConfig.writeInline(CacheExport.select(steps, CacheMode.MIN, inImage), layers);
        Map<String, JsonNode> extra = new LinkedHashMap<>(config.extra());
        extra.put(KEY, TextNode.valueOf(Base64.getEncoder().encodeToString(json)));
        return new ImageConfig(config.created(), config.author(), config.architecture(), config.os(),
                config.osVersion(), config.osFeatures(), config.variant(), config.config(), config.rootfs(),
                config.history(), extra);
    }

    /** The records an image carries: {@code imageConfig} its config, {@code layers} its manifest's layers. */
    static Map<String, CachedLayer> read(byte[] imageConfig, List<Descriptor> layers, Consumer<String> warn)
            throws IOException {
        JsonNode config = OciJson.readTree(imageConfig);
        JsonNode diffIds = config.path("rootfs").path("diff_ids");
        if (!diffIds.isArray() || diffIds.size() != layers.size()) {
            throw new IOException("the image's config does not list a diff ID for each of its layers");
        }
        List<CachedLayer> own = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            own.add(new CachedLayer(layers.get(i).bare(), Digest.parse(diffIds.get(i).asText())));
        }
        return CacheConfig.readInline(records(config), own, warn);
    }

    private static byte[] records(JsonNode config) throws IOException {
        JsonNode v = config.path(KEY);
        if (!v.isTextual()) {
            throw new IOException("the image carries no inline cache (" + KEY + "; build it with --cache-to"
                    + " type=inline)");
        }
        try {
            return Base64.getDecoder().decode(v.asText());
        } catch (IllegalArgumentException e) {
            throw new IOException("the image's inline cache is not base64: " + e.getMessage(), e);
        }
    }
}
