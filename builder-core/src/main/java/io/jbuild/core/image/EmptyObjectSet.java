package io.jbuild.core.image;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Go's {@code map[string]struct{}} as a sorted set: ExposedPorts and Volumes are JSON objects whose values are
 * all {@code {}}. (Reading is {@link ModelReader}'s.)
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
}
