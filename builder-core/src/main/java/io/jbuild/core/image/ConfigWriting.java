package io.jbuild.core.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jbuild.grammar.reference.Digest;
import java.util.Set;
import java.util.TreeSet;

/**
 * An image config's and an image manifest's canonical bytes, the same as {@link OciJson#writeByMapper}'s, without
 * Jackson's ObjectMapper, as {@link IndexWriting} does for an index: a build whose steps all come from a
 * {@code --cache-from} cache writes a config and a manifest and nothing else with it, and building the mapper was
 * a third of that build's CPU. The rules are the models' annotations (field order, {@code NON_EMPTY} unless
 * {@code ALWAYS} or {@code NON_NULL}); OciModelTest checks the two writers agree.
 */
final class ConfigWriting {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ConfigWriting() {
    }

    static byte[] write(ImageManifest m) {
        ObjectNode o = NODES.objectNode();
        o.put("schemaVersion", m.schemaVersion());
        IndexWriting.text(o, "mediaType", m.mediaType());
        IndexWriting.text(o, "artifactType", m.artifactType());
        o.set("config", IndexWriting.descriptor(m.config()));
        ArrayNode layers = o.putArray("layers"); // ALWAYS
        m.layers().forEach(l -> layers.add(IndexWriting.descriptor(l)));
        if (m.subject() != null) {
            o.set("subject", IndexWriting.descriptor(m.subject()));
        }
        IndexWriting.strings(o, "annotations", m.annotations());
        IndexWriting.extra(o, m.extra());
        return JsonTree.write(o);
    }

    static byte[] write(ImageConfig c) {
        ObjectNode o = NODES.objectNode();
        IndexWriting.text(o, "created", c.created());
        IndexWriting.text(o, "author", c.author());
        o.put("architecture", c.architecture()); // ALWAYS, null included
        o.put("os", c.os()); // ALWAYS
        IndexWriting.text(o, "os.version", c.osVersion());
        IndexWriting.list(o, "os.features", c.osFeatures());
        IndexWriting.text(o, "variant", c.variant());
        if (c.config() != null) { // NON_NULL: an empty one is {}
            o.set("config", container(c.config()));
        }
        ObjectNode rootfs = o.putObject("rootfs"); // ALWAYS, and each of its fields
        rootfs.put("type", c.rootfs().type());
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        for (Digest d : c.rootfs().diffIds()) {
            diffIds.add(d == null ? null : d.toString());
        }
        IndexWriting.extra(rootfs, c.rootfs().extra());
        if (!c.history().isEmpty()) {
            ArrayNode history = o.putArray("history");
            for (ImageConfig.History h : c.history()) {
                ObjectNode e = history.addObject();
                IndexWriting.text(e, "created", h.created());
                IndexWriting.text(e, "created_by", h.createdBy());
                IndexWriting.text(e, "author", h.author());
                IndexWriting.text(e, "comment", h.comment());
                if (h.emptyLayer() != null) {
                    e.put("empty_layer", h.emptyLayer());
                }
                IndexWriting.extra(e, h.extra());
            }
        }
        IndexWriting.extra(o, c.extra());
        return JsonTree.write(o);
    }

    private static ObjectNode container(ContainerConfig c) {
        ObjectNode o = NODES.objectNode();
        IndexWriting.text(o, "User", c.user());
        set(o, "ExposedPorts", c.exposedPorts());
        IndexWriting.list(o, "Env", c.env());
        IndexWriting.list(o, "Entrypoint", c.entrypoint());
        IndexWriting.list(o, "Cmd", c.cmd());
        set(o, "Volumes", c.volumes());
        IndexWriting.text(o, "WorkingDir", c.workingDir());
        IndexWriting.strings(o, "Labels", c.labels());
        IndexWriting.text(o, "StopSignal", c.stopSignal());
        if (c.argsEscaped() != null) {
            o.put("ArgsEscaped", c.argsEscaped());
        }
        if (c.healthcheck() != null) {
            ContainerConfig.Healthcheck h = c.healthcheck();
            ObjectNode hc = o.putObject("Healthcheck");
            IndexWriting.list(hc, "Test", h.test());
            number(hc, "Interval", h.interval());
            number(hc, "Timeout", h.timeout());
            number(hc, "StartPeriod", h.startPeriod());
            number(hc, "StartInterval", h.startInterval());
            if (h.retries() != null) {
                hc.put("Retries", h.retries());
            }
            IndexWriting.extra(hc, h.extra());
        }
        IndexWriting.list(o, "OnBuild", c.onBuild());
        IndexWriting.list(o, "Shell", c.shell());
        IndexWriting.extra(o, c.extra());
        return o;
    }

    /** Go's {@code map[string]struct{}}: {@code {"a":{},"b":{}}}, keys sorted (EmptyObjectSet.Writer). */
    private static void set(ObjectNode o, String name, Set<String> keys) {
        if (keys != null && !keys.isEmpty()) {
            ObjectNode m = o.putObject(name);
            new TreeSet<>(keys).forEach(m::putObject);
        }
    }

    private static void number(ObjectNode o, String name, Long value) {
        if (value != null) {
            o.put(name, value);
        }
    }
}
