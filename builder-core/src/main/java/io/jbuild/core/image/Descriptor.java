package io.jbuild.core.image;

import io.jbuild.grammar.reference.Digest;
import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An OCI content descriptor: what a manifest, index or {@code index.json} says about a blob.
 *
 * @param mediaType    the blob's media type
 * @param digest       the blob's digest
 * @param size         the blob's size in bytes
 * @param urls         where else the blob may be downloaded from
 * @param annotations  arbitrary metadata, e.g. {@code org.opencontainers.image.ref.name}
 * @param data         the blob itself, base64, when embedded; null otherwise
 * @param platform     the platform of a manifest in an index; null otherwise
 * @param artifactType the artifact type of an artifact manifest; null otherwise
 * @param extra        fields this model does not know, kept on write
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"mediaType", "digest", "size", "urls", "annotations", "data", "platform", "artifactType"})
public record Descriptor(
        @JsonInclude(JsonInclude.Include.ALWAYS) String mediaType,
        Digest digest,
        @JsonInclude(JsonInclude.Include.ALWAYS) long size,
        List<String> urls,
        Map<String, String> annotations,
        String data,
        Platform platform,
        String artifactType,
        @JsonAnyGetter Map<String, JsonNode> extra) {

    /** Names a manifest in an OCI layout's {@code index.json}. */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";

    public Descriptor {
        Objects.requireNonNull(digest, "descriptor without digest");
        if (size < 0) {
            throw new IllegalArgumentException("descriptor " + digest + ": negative size " + size);
        }
        urls = Copies.list(urls);
        annotations = Copies.map(annotations);
        data = Copies.emptyToNull(data);
        artifactType = Copies.emptyToNull(artifactType);
        extra = Copies.extra(extra);
    }

    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, null, null, null, null, null, null);
    }

    /** Describes {@code content} and embeds it ({@code data}), as OCI allows for small blobs. */
    public static Descriptor embedding(String mediaType, byte[] content) {
        return new Descriptor(mediaType, Digest.of(content), content.length, null, null,
                Base64.getEncoder().encodeToString(content), null, null, null);
    }

    /** The embedded content, checked against digest and size; empty if none is embedded. */
    @JsonIgnore
    public Optional<byte[]> dataBytes() throws DigestMismatchException {
        if (data == null) {
            return Optional.empty();
        }
        byte[] bytes = Base64.getDecoder().decode(data);
        Digest actual = Digest.of(bytes);
        if (!actual.equals(digest) || bytes.length != size) {
            throw new DigestMismatchException(digest, actual, size, bytes.length);
        }
        return Optional.of(bytes);
    }

    /** The value of an annotation, if present. */
    public Optional<String> annotation(String key) {
        return Optional.ofNullable(annotations.get(key));
    }

    /** The {@code org.opencontainers.image.ref.name} annotation, if present. */
    @JsonIgnore
    public Optional<String> refName() {
        return annotation(REF_NAME);
    }

    public Descriptor withAnnotations(Map<String, String> newAnnotations) {
        return new Descriptor(mediaType, digest, size, urls, newAnnotations, data, platform, artifactType, extra);
    }

    /** A copy with one annotation added or replaced. */
    public Descriptor withAnnotation(String key, String value) {
        Map<String, String> copy = new HashMap<>(annotations);
        copy.put(key, value);
        return withAnnotations(copy);
    }

    public Descriptor withPlatform(Platform newPlatform) {
        return new Descriptor(mediaType, digest, size, urls, annotations, data, newPlatform, artifactType, extra);
    }

    public Descriptor withArtifactType(String newArtifactType) {
        return new Descriptor(mediaType, digest, size, urls, annotations, data, platform, newArtifactType, extra);
    }

    // Written out: the generated equals is linked through invokedynamic on first use (see Digest).
    @Override
    public boolean equals(Object o) {
        return o instanceof Descriptor d && size == d.size && Objects.equals(mediaType, d.mediaType)
                && digest.equals(d.digest) && urls.equals(d.urls) && annotations.equals(d.annotations)
                && Objects.equals(data, d.data) && Objects.equals(platform, d.platform)
                && Objects.equals(artifactType, d.artifactType) && extra.equals(d.extra);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mediaType, digest, size, urls, annotations, data, platform, artifactType, extra);
    }

    /** Only what identifies the content: media type, digest, size. */
    public Descriptor bare() {
        return of(mediaType, digest, size);
    }
}
