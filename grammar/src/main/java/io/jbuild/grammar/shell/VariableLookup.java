package io.jbuild.grammar.shell;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The variables a word is expanded against. Names are case-sensitive, as on Linux. */
public interface VariableLookup {

    /** The value of {@code name}; empty when it is not defined (a defined variable may have the value ""). */
    Optional<String> get(String name);

    /** Every defined name (in definition order for {@link #of}); the linter uses it for "did you mean" hints. */
    Set<String> names();

    /** A snapshot of {@code values}: later changes to the map are not seen. Null keys or values are rejected. */
    static VariableLookup of(Map<String, String> values) {
        Map<String, String> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "name"), Objects.requireNonNull(v, k)));
        return new MapLookup(Collections.unmodifiableMap(copy));
    }

    static VariableLookup empty() {
        return MapLookup.EMPTY;
    }
}
