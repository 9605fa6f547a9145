package io.jbuild.core.image;

import io.jbuild.grammar.reference.Digest;
import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The image config blob ({@code application/vnd.oci.image.config.v1+json}, Docker's
 * {@code application/vnd.docker.container.image.v1+json}): platform, run defaults, layer diff IDs, history.
 * Its digest is the image ID.
 *
 * @param created      RFC 3339 creation time, kept as written; null if absent
 * @param author       who made the image
 * @param architecture CPU architecture
 * @param os           operating system
 * @param osVersion    {@code os.version}
 * @param osFeatures   {@code os.features}
 * @param variant      CPU variant
 * @param config       the defaults a container starts with; null if absent
 * @param rootfs       the uncompressed layer digests
 * @param history      one entry per build step, empty layers included
 * @param extra        fields this model does not know (Docker's {@code container_config}, {@code docker_version}, ...)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"created", "author", "architecture", "os", "os.version", "os.features", "variant", "config",
        "rootfs", "history"})
public record ImageConfig(
        String created,
        String author,
        @JsonInclude(JsonInclude.Include.ALWAYS) String architecture,
        @JsonInclude(JsonInclude.Include.ALWAYS) String os,
        @JsonProperty("os.version") String osVersion,
        @JsonProperty("os.features") List<String> osFeatures,
        String variant,
        @JsonInclude(JsonInclude.Include.NON_NULL) ContainerConfig config,
        @JsonInclude(JsonInclude.Include.ALWAYS) RootFs rootfs,
        List<History> history,
        @JsonAnyGetter Map<String, JsonNode> extra) {

    public ImageConfig {
        created = Copies.emptyToNull(created);
        author = Copies.emptyToNull(author);
        osVersion = Copies.emptyToNull(osVersion);
        osFeatures = Copies.list(osFeatures);
        variant = Copies.emptyToNull(variant);
        rootfs = rootfs == null ? RootFs.layers(List.of()) : rootfs;
        history = Copies.list(history);
        extra = Copies.extra(extra);
    }

    /** A config for {@code platform} with the given layers' diff IDs and nothing else. */
    public static ImageConfig of(Platform platform, ContainerConfig config, List<Digest> diffIds) {
        return new ImageConfig(null, null, platform.architecture(), platform.os(), platform.osVersion(),
                platform.osFeatures(), platform.variant(), config, RootFs.layers(diffIds), null, null);
    }

    /** The platform this image runs on. */
    public Platform platform() {
        return new Platform(architecture, os, osVersion, osFeatures, variant, Map.of());
    }

    /** {@code created} as an instant; empty if absent or not RFC 3339. */
    public Optional<Instant> createdInstant() {
        if (created == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(created).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public ImageConfig withCreated(Instant instant) {
        return new ImageConfig(instant == null ? null : instant.toString(), author, architecture, os, osVersion,
                osFeatures, variant, config, rootfs, history, extra);
    }

    public ImageConfig withConfig(ContainerConfig newConfig) {
        return new ImageConfig(created, author, architecture, os, osVersion, osFeatures, variant, newConfig, rootfs,
                history, extra);
    }

    public ImageConfig withHistory(List<History> newHistory) {
        return new ImageConfig(created, author, architecture, os, osVersion, osFeatures, variant, config, rootfs,
                newHistory, extra);
    }

    /** The layers' uncompressed digests, base first. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"type", "diff_ids"})
    public record RootFs(
            String type,
            @JsonProperty("diff_ids") List<Digest> diffIds,
            @JsonAnyGetter Map<String, JsonNode> extra) {

        public RootFs {
            diffIds = Copies.list(diffIds);
            extra = Copies.extra(extra);
        }

        public static RootFs layers(List<Digest> diffIds) {
            return new RootFs("layers", diffIds, null);
        }
    }

    /**
     * One build step.
     *
     * @param created    RFC 3339 time
     * @param createdBy  the command, e.g. {@code RUN /bin/sh -c apk add curl # buildkit}
     * @param author     who
     * @param comment    free text
     * @param emptyLayer true when the step made no layer (ENV, CMD, ...)
     * @param extra      fields this model does not know
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"created", "created_by", "author", "comment", "empty_layer"})
    public record History(
            String created,
            @JsonProperty("created_by") String createdBy,
            String author,
            String comment,
            @JsonProperty("empty_layer") Boolean emptyLayer,
            @JsonAnyGetter Map<String, JsonNode> extra) {

        public History {
            created = Copies.emptyToNull(created);
            createdBy = Copies.emptyToNull(createdBy);
            author = Copies.emptyToNull(author);
            comment = Copies.emptyToNull(comment);
            emptyLayer = Boolean.TRUE.equals(emptyLayer) ? Boolean.TRUE : null; // Go omits false
            extra = Copies.extra(extra);
        }

        public static History of(String created, String createdBy, boolean emptyLayer) {
            return new History(created, createdBy, null, null, emptyLayer, null);
        }

        public boolean isEmptyLayer() {
            return Boolean.TRUE.equals(emptyLayer);
        }
    }
}
