package io.jbuild.core.image;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An OCI image manifest or a Docker v2 schema 2 manifest: a config blob and layers.
 *
 * @param schemaVersion 2
 * @param mediaType     {@link MediaTypes#OCI_MANIFEST} or {@link MediaTypes#DOCKER_MANIFEST}
 * @param artifactType  the artifact type, for artifact manifests; null otherwise
 * @param config        the config blob
 * @param layers        the layers, base first
 * @param subject       the manifest this one refers to; null otherwise
 * @param annotations   arbitrary metadata
 * @param extra         fields this model does not know, kept on write
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"schemaVersion", "mediaType", "artifactType", "config", "layers", "subject", "annotations"})
public record ImageManifest(
        @JsonInclude(JsonInclude.Include.ALWAYS) int schemaVersion,
        String mediaType,
        String artifactType,
        Descriptor config,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<Descriptor> layers,
        Descriptor subject,
        Map<String, String> annotations,
        @JsonAnyGetter Map<String, JsonNode> extra) implements Manifest {

    public ImageManifest {
        Objects.requireNonNull(config, "manifest without config");
        mediaType = Copies.emptyToNull(mediaType);
        artifactType = Copies.emptyToNull(artifactType);
        layers = Copies.list(layers);
        annotations = Copies.map(annotations);
        extra = Copies.extra(extra);
    }

    /** A new OCI image manifest. */
    public static ImageManifest oci(Descriptor config, List<Descriptor> layers) {
        return new ImageManifest(2, MediaTypes.OCI_MANIFEST, null, config, layers, null, null, null);
    }

    /** A new Docker v2 schema 2 manifest. */
    public static ImageManifest docker(Descriptor config, List<Descriptor> layers) {
        return new ImageManifest(2, MediaTypes.DOCKER_MANIFEST, null, config, layers, null, null, null);
    }

    public ImageManifest withAnnotations(Map<String, String> newAnnotations) {
        return new ImageManifest(schemaVersion, mediaType, artifactType, config, layers, subject, newAnnotations, extra);
    }

    /** Config plus layers, as stored (compressed) sizes: what {@code docker images} calls the size. */
    public long contentSize() {
        long total = config.size();
        for (Descriptor layer : layers) {
            total += layer.size();
        }
        return total;
    }
}
