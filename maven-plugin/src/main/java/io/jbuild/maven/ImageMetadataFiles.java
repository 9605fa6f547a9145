package io.jbuild.maven;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jbuild.core.image.OciJson;
import io.jbuild.core.store.AtomicFiles;
import io.jbuild.grammar.reference.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The files jib-maven-plugin leaves for later CI steps, under our names: {@code jbuild-image.digest} (the manifest
 * digest), {@code jbuild-image.id} (the config digest) and {@code jbuild-image.json} ({@code image}, {@code
 * imageId}, {@code imageDigest}, {@code tags}, {@code imagePushed}), in the formats of jib's {@code jib-image.*}:
 * the digests without a line break, the tags as the tag part of each name. Each file is written whole or not at
 * all (a temporary file renamed), so a step that reads one never sees half of it.
 *
 * @param image       the first name the image was given
 * @param imageId     {@code sha256:…} of the config
 * @param imageDigest {@code sha256:…} of the manifest
 * @param names       every name the image was given
 * @param pushed      whether the names were pushed
 */
record ImageMetadataFiles(String image, String imageId, String imageDigest, List<String> names, boolean pushed) {

    static final String DIGEST = "jbuild-image.digest";
    static final String ID = "jbuild-image.id";
    static final String JSON = "jbuild-image.json";

    /** Writes the three files into {@code dir} (made if missing), replacing those of an earlier build. */
    void writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve(DIGEST), imageDigest.getBytes(StandardCharsets.UTF_8), dir);
        AtomicFiles.write(dir.resolve(ID), imageId.getBytes(StandardCharsets.UTF_8), dir);
        AtomicFiles.write(dir.resolve(JSON), json(), dir);
    }

    /** Written as a tree (no ObjectMapper: building one would load most of jackson-databind for this one file). */
    byte[] json() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("image", image);
        root.put("imageId", imageId);
        root.put("imageDigest", imageDigest);
        ArrayNode tags = root.putArray("tags");
        names.stream().map(ImageMetadataFiles::tagOf).distinct().forEach(tags::add);
        root.put("imagePushed", pushed);
        return OciJson.writeTree(root);
    }

    /** The tag part of a name ({@code latest} when it has none, as docker reads it). */
    private static String tagOf(String name) {
        ImageReference ref = ImageReference.parse(name);
        return ref.hasTag() ? ref.tag() : ImageReference.DEFAULT_TAG;
    }
}
