package io.jbuild.core.image;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.jbuild.grammar.reference.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads and writes the OCI model. Writing is canonical: the models' declared field order (the order of
 * the Go structs of the specs), map keys sorted, unknown fields after the known ones in key order, no
 * whitespace. The same value therefore always has the same bytes and the same digest.
 */
public final class OciJson {

    /**
     * The mapper that writes, made on first use: reading goes through JsonTree and ModelReader, so that a command
     * that only reads never builds it. Configured once and never changed; ObjectMapper is thread-safe in that use.
     */
    private static final class Writing {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .disable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .addMixIn(Digest.class, DigestAsText.class)
                .build();
    }

    /** A digest is written as its text ({@code sha256:...}); said here, since grammar has no Jackson to say it. */
    private abstract static class DigestAsText {
        @JsonValue
        @Override
        public abstract String toString();
    }

    private OciJson() {
    }

    /** The canonical bytes of a model value (UTF-8 JSON). */
    public static byte[] write(Object value) {
        if (value instanceof ImageIndex index) {
            // the same bytes without building the mapper, whose date-format set-up is ~0.2 s of a short command's CPU
            // (a no-change multi-platform rebuild writes nothing else with it)
            return IndexWriting.write(index);
        }
        // Likewise for what every build writes (ModelWriting): a build that writes only these never builds the mapper.
        if (value instanceof ImageManifest manifest) {
            return ModelWriting.manifest(manifest);
        }
        if (value instanceof ImageConfig config) {
            return ModelWriting.config(config);
        }
        if (value instanceof Descriptor descriptor) {
            return ModelWriting.descriptor(descriptor);
        }
        return writeByMapper(value);
    }

    /** {@link #write} through jackson's mapper for every type (the reference IndexWriting is tested against). */
    static byte[] writeByMapper(Object value) {
        try {
            return Writing.MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** An index's canonical bytes, the same as {@link #write}'s, without building the mapper (see IndexWriting). */
    public static byte[] writeIndex(ImageIndex index) {
        return IndexWriting.write(index);
    }

    public static String writeString(Object value) {
        return new String(write(value), StandardCharsets.UTF_8);
    }

    /**
     * Reads a model value (an index, manifest, config, descriptor, platform or container config); malformed JSON
     * or a wrong shape is an IOException naming the problem and the field's path. Reading needs no ObjectMapper.
     */
    public static <T> T read(byte[] json, Class<T> type) throws IOException {
        return ModelReader.read(JsonTree.parse(json), type);
    }

    /** Any JSON document as a tree; a repeated key is an error. */
    public static JsonNode readTree(byte[] json) throws IOException {
        return JsonTree.parse(json);
    }

    /** A tree read before, as a model value (see {@link #read}). */
    public static <T> T convert(JsonNode tree, Class<T> type) throws IOException {
        return ModelReader.read(tree, type);
    }

    /** Compact JSON of a tree, fields in their order (not canonical: for files that are not content-addressed). */
    public static byte[] writeTree(JsonNode tree) {
        return JsonTree.write(tree);
    }

    /** Indented JSON for people (e.g. {@code jbuild inspect}); every field is kept. */
    public static String pretty(byte[] json) throws IOException {
        return new String(JsonTree.write(JsonTree.parse(json), new GoIndent()), StandardCharsets.UTF_8);
    }

    /** Indents as Go's json.MarshalIndent(v, "", "  ") does, the style of docker's and skopeo's output. */
    private static final class GoIndent extends DefaultPrettyPrinter {
        private static final long serialVersionUID = 1L;

        GoIndent() {
            super(new Separators().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
            DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
            indentObjectsWith(indenter);
            indentArraysWith(indenter);
        }

        @Override
        public GoIndent createInstance() {
            return new GoIndent();
        }

        @Override
        public void writeEndObject(JsonGenerator g, int entries) throws IOException {
            _nesting--;
            if (entries > 0) {
                _objectIndenter.writeIndentation(g, _nesting);
            }
            g.writeRaw('}');
        }

        @Override
        public void writeEndArray(JsonGenerator g, int values) throws IOException {
            _nesting--;
            if (values > 0) {
                _arrayIndenter.writeIndentation(g, _nesting);
            }
            g.writeRaw(']');
        }
    }
}
