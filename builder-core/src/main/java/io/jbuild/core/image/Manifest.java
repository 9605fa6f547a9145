package io.jbuild.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;

/**
 * A document a tag can point to: an image manifest or an index of manifests. Docker's v2 schema 2
 * manifest and manifest list have the same shape as their OCI counterparts and are read into the same
 * records; their {@code mediaType} tells them apart.
 */
public sealed interface Manifest permits ImageManifest, ImageIndex {

    /** The largest manifest accepted, as registries limit them (4 MiB). */
    int MAX_SIZE = 4 * 1024 * 1024;

    int schemaVersion();

    /** The media type written in the document; may be null for OCI documents. */
    String mediaType();

    Map<String, String> annotations();

    /** The manifest this one refers to (referrers API); null if none. */
    Descriptor subject();

    /**
     * Reads a manifest or an index.
     *
     * @param mediaTypeHint the media type the document was announced with (descriptor, HTTP header), or
     *                      null; the document's own {@code mediaType} wins when present
     * @throws IOException malformed JSON, or a kind of manifest jbuild does not read (Docker schema 1)
     */
    static Manifest parse(byte[] json, String mediaTypeHint) throws IOException {
        JsonNode tree = OciJson.readTree(json);
        if (tree == null || !tree.isObject()) {
            throw new IOException("not a manifest: expected a JSON object");
        }
        String mediaType = tree.path("mediaType").isTextual() ? tree.get("mediaType").asText() : mediaTypeHint;
        if (tree.path("schemaVersion").asInt() == 1 || MediaTypes.isDockerSchema1(mediaType)) {
            throw new IOException("unsupported manifest: Docker image manifest schema 1 is deprecated; "
                    + "push the image again with a current client");
        }
        boolean index = mediaType != null ? MediaTypes.isIndex(mediaType) : tree.has("manifests");
        boolean manifest = mediaType != null ? MediaTypes.isManifest(mediaType) : tree.has("config");
        if (index) {
            return OciJson.convert(tree, ImageIndex.class);
        }
        if (manifest || (mediaType != null && tree.has("config") && tree.has("layers"))) {
            // Artifact manifests use the image manifest's shape under other media types.
            return OciJson.convert(tree, ImageManifest.class);
        }
        throw new IOException("unsupported manifest media type: " + mediaType);
    }
}
