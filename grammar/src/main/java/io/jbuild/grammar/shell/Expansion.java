package io.jbuild.grammar.shell;

import java.util.Set;

/**
 * The result of expanding a word, with the variable names it referenced: {@code matched} were defined,
 * {@code unmatched} were not (the linter's UndefinedVar reads these).
 */
public record Expansion(String result, Set<String> matched, Set<String> unmatched) {

    public Expansion {
        matched = Set.copyOf(matched);
        unmatched = Set.copyOf(unmatched);
    }
}
