package io.jbuild.grammar.shell;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The map-backed {@link VariableLookup}; a record so that two lookups of the same variables are equal. */
record MapLookup(Map<String, String> values) implements VariableLookup {

    static final MapLookup EMPTY = new MapLookup(Map.of());

    @Override
    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    @Override
    public Set<String> names() {
        return values.keySet();
    }
}
