package io.jbuild.core.image;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Go's {@code map[string]struct{}} as a sorted set: ExposedPorts and Volumes are JSON objects whose values are
 * all {@code {}}.
 */
final class EmptyObjectSet {

    private EmptyObjectSet() {
    }

    static SortedSet<String> copy(Set<String> set) {
        return set == null || set.isEmpty()
                ? Collections.emptySortedSet()
                : Collections.unmodifiableSortedSet(new TreeSet<>(set));
    }

    /** Writes {@code {"a":{},"b":{}}}. */
    static final class Writer extends JsonSerializer<Set<String>> {
        @Override
        public void serialize(Set<String> value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeStartObject();
            for (String key : new TreeSet<>(value)) {
                gen.writeFieldName(key);
                gen.writeStartObject();
                gen.writeEndObject();
            }
            gen.writeEndObject();
        }

        @Override
        public boolean isEmpty(SerializerProvider provider, Set<String> value) {
            return value == null || value.isEmpty();
        }
    }

    /** Reads the keys of an object; the values are ignored whatever they are. */
    static final class Reader extends JsonDeserializer<Set<String>> {
        @Override
        public Set<String> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                return ctxt.reportInputMismatch(this, "expected an object whose values are {}, got %s", p.currentToken());
            }
            SortedSet<String> keys = new TreeSet<>();
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                keys.add(name);
                p.nextToken();
                p.skipChildren();
            }
            return keys;
        }

        @Override
        public Set<String> getNullValue(DeserializationContext ctxt) {
            return null;
        }
    }
}
