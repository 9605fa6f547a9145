package io.jbuild.grammar.shell;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The variables a word is expanded against. Names are case-sensitive, as on Linux. */
public interface VariableLookup {

    Optional<String> get(String name);

    Set<String> names();

    static VariableLookup of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return new VariableLookup() {
            @Override
            public Optional<String> get(String name) {
                return Optional.ofNullable(copy.get(name));
            }

            @Override
            public Set<String> names() {
                return copy.keySet();
            }
        };
    }

    static VariableLookup empty() {
        return of(Map.of());
    }
}
