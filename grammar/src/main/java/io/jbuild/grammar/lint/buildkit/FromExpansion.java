package io.jbuild.grammar.lint.buildkit;

import io.jbuild.grammar.shell.Expansion;
import io.jbuild.grammar.shell.ExpansionException;
import io.jbuild.grammar.shell.ShellWordExpander;
import io.jbuild.grammar.shell.VariableLookup;
import java.util.Map;
import java.util.Optional;

/** Expands a FROM word with the global ARGs, as BuildKit does before it resolves the stage's base. */
final class FromExpansion {

    private FromExpansion() {
    }

    /** The expansion, or empty when the word cannot be expanded (BuildKit fails the build then). */
    static Optional<Expansion> expand(ShellWordExpander expander, String word, Map<String, String> env) {
        try {
            return Optional.of(expander.processWordWithMatches(word, VariableLookup.of(env)));
        } catch (ExpansionException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
