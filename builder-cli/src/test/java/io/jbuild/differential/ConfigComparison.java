package io.jbuild.differential;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares two image config documents field by field. {@code null} and a missing field are the same (Go writes
 * {@code "OnBuild": null} where Java may omit the field); everything else is compared exactly, arrays in order,
 * objects as maps.
 */
final class ConfigComparison {

    /** The fields of {@code config} that decide how a container runs. */
    static final List<String> CONTAINER_FIELDS = List.of("Env", "Cmd", "Entrypoint", "WorkingDir", "User", "Labels",
            "ExposedPorts", "Volumes", "StopSignal", "Healthcheck", "Shell", "OnBuild", "ArgsEscaped");

    /** Top-level fields compared as well. */
    static final List<String> IMAGE_FIELDS = List.of("author", "architecture", "os", "variant");

    private ConfigComparison() {
    }

    static List<Difference> compare(JsonNode docker, JsonNode jbuild) {
        List<Difference> out = new ArrayList<>();
        for (String f : IMAGE_FIELDS) {
            field(out, f, docker.get(f), jbuild.get(f));
        }
        JsonNode dc = docker.path("config");
        JsonNode jc = jbuild.path("config");
        for (String f : CONTAINER_FIELDS) {
            field(out, f, dc.get(f), jc.get(f));
        }
        List<String> extra = new ArrayList<>();
        dc.fieldNames().forEachRemaining(extra::add);
        jc.fieldNames().forEachRemaining(n -> {
            if (!extra.contains(n)) {
                extra.add(n);
            }
        });
        extra.removeAll(CONTAINER_FIELDS);
        for (String f : extra) { // anything else either side sets (Domainname, Hostname, AttachStdin, ...)
            field(out, f, dc.get(f), jc.get(f));
        }
        return out;
    }

    /** Not compared for equality, only reported: layer count and history as each builder records it. */
    static List<String> notes(JsonNode docker, JsonNode jbuild) {
        List<String> notes = new ArrayList<>();
        int dl = docker.path("rootfs").path("diff_ids").size();
        int jl = jbuild.path("rootfs").path("diff_ids").size();
        if (dl != jl) {
            notes.add("layers: docker " + dl + ", jbuild " + jl);
        }
        List<String> dh = history(docker);
        List<String> jh = history(jbuild);
        if (!dh.equals(jh)) {
            notes.add("history differs:\n      docker: " + String.join("\n              ", dh)
                    + "\n      jbuild: " + String.join("\n              ", jh));
        }
        Set<String> dc = comments(docker);
        Set<String> jc = comments(jbuild);
        if (!dc.equals(jc)) {
            notes.add("history comments: docker " + dc + ", jbuild " + jc);
        }
        return notes;
    }

    private static Set<String> comments(JsonNode config) {
        Set<String> out = new TreeSet<>();
        for (JsonNode h : config.path("history")) {
            if (h.hasNonNull("comment")) {
                out.add(h.get("comment").asText());
            }
        }
        return out;
    }

    private static List<String> history(JsonNode config) {
        List<String> out = new ArrayList<>();
        for (JsonNode h : config.path("history")) {
            out.add((h.path("empty_layer").asBoolean(false) ? "(empty) " : "") + h.path("created_by").asText(""));
        }
        return out;
    }

    private static void field(List<Difference> out, String name, JsonNode d, JsonNode j) {
        d = d == null || d.isNull() ? null : d;
        j = j == null || j.isNull() ? null : j;
        if (d == null && j == null || d != null && d.equals(j)) {
            return;
        }
        out.add(new Difference("config", name, d == null ? Difference.ABSENT : d.toString(),
                j == null ? Difference.ABSENT : j.toString()));
    }
}
