package io.jbuild.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An image index's canonical bytes, the same as {@link OciJson#write}'s, without Jackson's ObjectMapper: building
 * the mapper (its date formats load the JDK's locale data) took 150-200 ms of CPU, most of what a pull into the
 * store did after the download, only to write {@code index.json}. The field order and inclusion rules are the
 * models' annotations ({@code @JsonPropertyOrder}, {@code NON_EMPTY} unless {@code ALWAYS}); OciModelTest checks
 * the two writers agree.
 */
final class IndexWriting {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private IndexWriting() {
    }

    static byte[] write(ImageIndex index) {
        ObjectNode o = NODES.objectNode();
        o.put("schemaVersion", index.schemaVersion());
        text(o, "mediaType", index.mediaType());
        text(o, "artifactType", index.artifactType());
        ArrayNode manifests = o.putArray("manifests");
        for (Descriptor d : index.manifests()) {
            manifests.add(descriptor(d));
        }
        if (index.subject() != null) {
            o.set("subject", descriptor(index.subject()));
        }
        strings(o, "annotations", index.annotations());
        extra(o, index.extra());
        return JsonTree.write(o);
    }

    static ObjectNode descriptor(Descriptor d) {
        ObjectNode o = NODES.objectNode();
        o.put("mediaType", d.mediaType()); // ALWAYS, null included
        if (d.digest() != null) {
            o.put("digest", d.digest().toString());
        }
        o.put("size", d.size());
        list(o, "urls", d.urls());
        strings(o, "annotations", d.annotations());
        text(o, "data", d.data());
        if (d.platform() != null) {
            o.set("platform", platform(d.platform()));
        }
        text(o, "artifactType", d.artifactType());
        extra(o, d.extra());
        return o;
    }

    static ObjectNode platform(Platform p) {
        ObjectNode o = NODES.objectNode();
        o.put("architecture", p.architecture()); // ALWAYS
        o.put("os", p.os()); // ALWAYS
        text(o, "os.version", p.osVersion());
        list(o, "os.features", p.osFeatures());
        text(o, "variant", p.variant());
        extra(o, p.extra());
        return o;
    }

    static void text(ObjectNode o, String name, String value) {
        if (value != null && !value.isEmpty()) {
            o.put(name, value);
        }
    }

    static void list(ObjectNode o, String name, List<String> values) {
        if (values != null && !values.isEmpty()) {
            ArrayNode a = o.putArray(name);
            values.forEach(a::add);
        }
    }

    /** A string map, keys sorted (the mapper's ORDER_MAP_ENTRIES_BY_KEYS; the models keep sorted maps). */
    static void strings(ObjectNode o, String name, Map<String, String> values) {
        if (values != null && !values.isEmpty()) {
            ObjectNode m = o.putObject(name);
            new TreeMap<>(values).forEach(m::put);
        }
    }

    /** Unknown fields after the known ones, in key order. */
    static void extra(ObjectNode o, Map<String, JsonNode> extra) {
        if (extra != null) {
            new TreeMap<>(extra).forEach(o::set);
        }
    }
}
