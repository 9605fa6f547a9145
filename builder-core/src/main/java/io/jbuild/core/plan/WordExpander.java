package io.jbuild.core.plan;

import io.jbuild.grammar.shell.ExpansionException;
import io.jbuild.grammar.shell.ShellWordExpander;
import io.jbuild.grammar.shell.VariableLookup;
import io.jbuild.grammar.source.SourceRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Expands the words of one instruction against the variables in scope, turning failures into located errors. */
final class WordExpander {

    private final ShellWordExpander words;
    private final ShellWordExpander raw;
    private final VariableLookup env;
    private final SourceRange where;
    private final String instruction;

    WordExpander(char escape, Map<String, String> env, SourceRange where, String instruction) {
        this.words = ShellWordExpander.withEscape(escape);
        // Heredoc bodies keep their quotes: only variables are replaced (BuildKit's raw expansion).
        this.raw = ShellWordExpander.withEscape('\\').skipProcessQuotes(true);
        this.env = VariableLookup.of(Map.copyOf(env));
        this.where = where;
        this.instruction = instruction;
    }

    String word(String w) throws PlanException {
        try {
            return words.processWord(w, env);
        } catch (ExpansionException e) {
            throw failure(w, e);
        }
    }

    Optional<String> word(Optional<String> w) throws PlanException {
        return w.isPresent() ? Optional.of(word(w.get())) : Optional.empty();
    }

    List<String> each(List<String> ws) throws PlanException {
        List<String> out = new ArrayList<>(ws.size());
        for (String w : ws) {
            out.add(word(w));
        }
        return out;
    }

    /** Expands and splits into several words (EXPOSE $PORTS). */
    List<String> split(List<String> ws) throws PlanException {
        List<String> out = new ArrayList<>();
        for (String w : ws) {
            try {
                out.addAll(words.processWords(w, env));
            } catch (ExpansionException e) {
                throw failure(w, e);
            }
        }
        return out;
    }

    String rawText(String text) throws PlanException {
        try {
            return raw.processWord(text, env);
        } catch (ExpansionException e) {
            throw failure(text, e);
        }
    }

    private PlanException failure(String word, ExpansionException e) {
        return PlanException.at(where, instruction + ": cannot expand \"" + word + "\": " + e.getMessage());
    }
}
