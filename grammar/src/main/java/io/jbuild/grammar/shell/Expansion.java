package io.jbuild.grammar.shell;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The result of expanding one word, with the variable names it looked up: {@code matched} were defined,
 * {@code unmatched} were not (the linter's UndefinedVar rule reads these). Both sets keep the order in which the
 * names were first looked up, so diagnostics come out in source order.
 */
public record Expansion(String result, Set<String> matched, Set<String> unmatched) {

    public Expansion {
        matched = Collections.unmodifiableSet(new LinkedHashSet<>(matched));
        unmatched = Collections.unmodifiableSet(new LinkedHashSet<>(unmatched));
    }
}
