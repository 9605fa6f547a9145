package io.jbuild.core.registry;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.google.cloud.tools.jib.image.json.ManifestTemplate;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A manifest for jib's {@code RegistryClient.pushManifest}, which serializes the template with Jackson and sends
 * it with the template's media type: this one writes our stored bytes as they are, so the registry gets (and
 * digests) exactly the document whose digest our manifest and tags name.
 */
final class RawManifestTemplate implements ManifestTemplate, JsonSerializable {

    private final String json;
    private final String mediaType;
    private final int schemaVersion;

    /** @throws IOException if the document is not UTF-8 (JSON must be; the round trip would change it) */
    RawManifestTemplate(RawManifest manifest) throws IOException {
        try {
            this.json = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(manifest.bytes())).toString();
        } catch (CharacterCodingException e) {
            throw new RegistryException("manifest " + manifest.digest() + " is not UTF-8 JSON", e);
        }
        this.mediaType = manifest.effectiveMediaType();
        this.schemaVersion = manifest.parse().schemaVersion();
    }

    @Override
    public int getSchemaVersion() {
        return schemaVersion;
    }

    @Override
    public String getManifestMediaType() {
        return mediaType;
    }

    @Override
    public void serialize(JsonGenerator gen, SerializerProvider serializers) throws IOException {
        gen.writeRawValue(json);
    }

    @Override
    public void serializeWithType(JsonGenerator gen, SerializerProvider serializers, TypeSerializer typeSer)
            throws IOException {
        serialize(gen, serializers);
    }
}
