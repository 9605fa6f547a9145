package io.jbuild.cli.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jbuild.core.image.OciJson;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.ImageSummary;
import io.jbuild.core.store.ResolvedImage;
import java.io.IOException;

/**
 * An image as {@code docker image inspect} shows it ({@code Id}, {@code RepoTags}, {@code Config},
 * {@code Architecture}, {@code RootFS.Layers}...): what {@code inspect --format} templates are written against.
 * {@code inspect} without a format prints the OCI config itself.
 */
final class ImageJson {

    /** The fields of docker's container config, in its order, with the value it shows when the image has none. */
    private static final String[] CONFIG_STRINGS = {"Hostname", "Domainname", "User"};

    private ImageJson() {
    }

    static ObjectNode view(ImageStore store, ResolvedImage image) throws IOException {
        JsonNode oci = OciJson.readTree(store.readConfigBytes(image.configDigest()));
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("Id", image.imageId().toString());
        ArrayNode tags = o.putArray("RepoTags");
        for (ImageSummary s : store.list()) {
            if (s.id().equals(image.imageId()) && s.reference() != null) {
                tags.add(s.repository() + ":" + s.tag());
            }
        }
        o.putArray("RepoDigests");
        o.put("Parent", "");
        o.put("Comment", "");
        o.put("Created", oci.path("created").asText(""));
        o.put("DockerVersion", "");
        o.put("Author", oci.path("author").asText(""));
        ObjectNode config = o.putObject("Config");
        JsonNode given = oci.path("config");
        for (String k : CONFIG_STRINGS) {
            config.put(k, given.path(k).asText(""));
        }
        for (String k : new String[] {"AttachStdin", "AttachStdout", "AttachStderr"}) {
            config.put(k, false);
        }
        copy(given, config, "ExposedPorts");
        for (String k : new String[] {"Tty", "OpenStdin", "StdinOnce"}) {
            config.put(k, false);
        }
        copy(given, config, "Env");
        copy(given, config, "Cmd");
        config.put("Image", "");
        copy(given, config, "Volumes");
        config.put("WorkingDir", given.path("WorkingDir").asText(""));
        copy(given, config, "Entrypoint");
        copy(given, config, "OnBuild");
        copy(given, config, "Labels");
        if (given.has("StopSignal")) {
            config.set("StopSignal", given.get("StopSignal"));
        }
        if (given.has("Healthcheck")) {
            config.set("Healthcheck", given.get("Healthcheck"));
        }
        o.put("Architecture", oci.path("architecture").asText(""));
        if (oci.hasNonNull("variant")) {
            o.put("Variant", oci.get("variant").asText());
        }
        o.put("Os", oci.path("os").asText(""));
        o.put("Size", image.size());
        ObjectNode rootfs = o.putObject("RootFS");
        rootfs.put("Type", oci.path("rootfs").path("type").asText("layers"));
        rootfs.set("Layers", oci.path("rootfs").path("diff_ids").deepCopy());
        return o;
    }

    private static void copy(JsonNode from, ObjectNode to, String key) {
        JsonNode v = from.get(key);
        if (v == null) {
            to.putNull(key);
        } else {
            to.set(key, v.deepCopy());
        }
    }
}
