package io.jbuild.core.image;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * An OCI image index or a Docker manifest list: manifests for several platforms. Also the shape of an
 * OCI layout's {@code index.json}.
 *
 * @param schemaVersion 2
 * @param mediaType     {@link MediaTypes#OCI_INDEX} or {@link MediaTypes#DOCKER_MANIFEST_LIST}
 * @param artifactType  the artifact type; null otherwise
 * @param manifests     the manifests
 * @param subject       the manifest this one refers to; null otherwise
 * @param annotations   arbitrary metadata
 * @param extra         fields this model does not know, kept on write
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"schemaVersion", "mediaType", "artifactType", "manifests", "subject", "annotations"})
public record ImageIndex(
        @JsonInclude(JsonInclude.Include.ALWAYS) int schemaVersion,
        String mediaType,
        String artifactType,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<Descriptor> manifests,
        Descriptor subject,
        Map<String, String> annotations,
        @JsonAnyGetter Map<String, JsonNode> extra) implements Manifest {

    public ImageIndex {
        mediaType = Copies.emptyToNull(mediaType);
        artifactType = Copies.emptyToNull(artifactType);
        manifests = Copies.list(manifests);
        annotations = Copies.map(annotations);
        extra = Copies.extra(extra);
    }

    /** A new OCI image index. */
    public static ImageIndex oci(List<Descriptor> manifests) {
        return new ImageIndex(2, MediaTypes.OCI_INDEX, null, manifests, null, null, null);
    }

    public ImageIndex withManifests(List<Descriptor> newManifests) {
        return new ImageIndex(schemaVersion, mediaType, artifactType, newManifests, subject, annotations, extra);
    }
}
