package io.jbuild.core.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jbuild.grammar.reference.Digest;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An image manifest's, an image config's and a descriptor's canonical bytes, the same as the mapper's (as
 * {@link IndexWriting} for indexes): every build writes a config and a manifest, and building the mapper and its
 * serializers for them loaded ~430 jackson-databind classes, the largest part of a Maven build goal's own CPU
 * after a one-line change. Field order and inclusion follow the models' annotations; OciModelTest checks the
 * writers agree.
 */
final class ModelWriting {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ModelWriting() {
    }

    static byte[] descriptor(Descriptor d) {
        return JsonTree.write(IndexWriting.descriptor(d));
    }

    static byte[] manifest(ImageManifest m) {
        ObjectNode o = NODES.objectNode();
        o.put("schemaVersion", m.schemaVersion()); // ALWAYS
        IndexWriting.text(o, "mediaType", m.mediaType());
        IndexWriting.text(o, "artifactType", m.artifactType());
        o.set("config", IndexWriting.descriptor(m.config()));
        ArrayNode layers = o.putArray("layers"); // ALWAYS
        for (Descriptor d : m.layers()) {
            layers.add(IndexWriting.descriptor(d));
        }
        if (m.subject() != null) {
            o.set("subject", IndexWriting.descriptor(m.subject()));
        }
        IndexWriting.strings(o, "annotations", m.annotations());
        IndexWriting.extra(o, m.extra());
        return JsonTree.write(o);
    }

    static byte[] config(ImageConfig c) {
        ObjectNode o = NODES.objectNode();
        IndexWriting.text(o, "created", c.created());
        IndexWriting.text(o, "author", c.author());
        o.put("architecture", c.architecture()); // ALWAYS, null included
        o.put("os", c.os()); // ALWAYS
        IndexWriting.text(o, "os.version", c.osVersion());
        IndexWriting.list(o, "os.features", c.osFeatures());
        IndexWriting.text(o, "variant", c.variant());
        if (c.config() != null) { // NON_NULL: an empty one is written as {}
            o.set("config", container(c.config()));
        }
        ObjectNode rootfs = o.putObject("rootfs"); // ALWAYS, and so are its fields
        rootfs.put("type", c.rootfs().type());
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        for (Digest d : c.rootfs().diffIds()) {
            diffIds.add(d == null ? null : d.toString());
        }
        IndexWriting.extra(rootfs, c.rootfs().extra());
        if (!c.history().isEmpty()) {
            ArrayNode history = o.putArray("history");
            for (ImageConfig.History h : c.history()) {
                history.add(history(h));
            }
        }
        IndexWriting.extra(o, c.extra());
        return JsonTree.write(o);
    }

    private static ObjectNode history(ImageConfig.History h) {
        ObjectNode o = NODES.objectNode();
        IndexWriting.text(o, "created", h.created());
        IndexWriting.text(o, "created_by", h.createdBy());
        IndexWriting.text(o, "author", h.author());
        IndexWriting.text(o, "comment", h.comment());
        if (h.emptyLayer() != null) {
            o.put("empty_layer", h.emptyLayer());
        }
        IndexWriting.extra(o, h.extra());
        return o;
    }

    private static ObjectNode container(ContainerConfig c) {
        ObjectNode o = NODES.objectNode();
        IndexWriting.text(o, "User", c.user());
        emptyObjects(o, "ExposedPorts", c.exposedPorts());
        strings(o, "Env", c.env());
        strings(o, "Entrypoint", c.entrypoint());
        strings(o, "Cmd", c.cmd());
        emptyObjects(o, "Volumes", c.volumes());
        IndexWriting.text(o, "WorkingDir", c.workingDir());
        IndexWriting.strings(o, "Labels", c.labels());
        IndexWriting.text(o, "StopSignal", c.stopSignal());
        if (c.argsEscaped() != null) {
            o.put("ArgsEscaped", c.argsEscaped());
        }
        if (c.healthcheck() != null) {
            o.set("Healthcheck", healthcheck(c.healthcheck()));
        }
        strings(o, "OnBuild", c.onBuild());
        strings(o, "Shell", c.shell());
        IndexWriting.extra(o, c.extra());
        return o;
    }

    private static ObjectNode healthcheck(ContainerConfig.Healthcheck h) {
        ObjectNode o = NODES.objectNode();
        strings(o, "Test", h.test());
        number(o, "Interval", h.interval());
        number(o, "Timeout", h.timeout());
        number(o, "StartPeriod", h.startPeriod());
        number(o, "StartInterval", h.startInterval());
        if (h.retries() != null) {
            o.put("Retries", h.retries());
        }
        IndexWriting.extra(o, h.extra());
        return o;
    }

    private static void number(ObjectNode o, String name, Long value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    /** A list of strings, null elements kept as the mapper writes them. */
    private static void strings(ObjectNode o, String name, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode a = o.putArray(name);
            values.forEach(a::add);
        }
    }

    /** Go's {@code map[string]struct{}}: {@code {"a":{},"b":{}}}, keys sorted (as EmptyObjectSet.Writer). */
    private static void emptyObjects(ObjectNode o, String name, Set<String> keys) {
        if (!keys.isEmpty()) {
            ObjectNode m = o.putObject(name);
            new TreeSet<>(keys).forEach(m::putObject);
        }
    }
}
