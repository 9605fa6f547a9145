package io.jbuild.core.plan;

import io.jbuild.grammar.ast.WordExpansion;
import io.jbuild.grammar.shell.ExpansionException;
import io.jbuild.grammar.shell.ShellWordExpander;
import io.jbuild.grammar.shell.VariableLookup;
import io.jbuild.grammar.source.SourceRange;
import java.util.List;
import java.util.Map;

/** Expands the words of one instruction against the variables in scope, turning failures into located errors. */
final class WordExpander implements WordExpansion<PlanException> {

    private final ShellWordExpander words;
    private final ShellWordExpander raw;
    private final VariableLookup env;
    private final SourceRange where;
    private final String instruction;
    private final String sourceText;

    WordExpander(char escape, Map<String, String> env, SourceRange where, String instruction) {
        this(escape, env, where, instruction, "");
    }

    /** {@code sourceText} is the instruction as written from {@code where}'s start: errors then point at the word. */
    WordExpander(char escape, Map<String, String> env, SourceRange where, String instruction, String sourceText) {
        this.words = ShellWordExpander.withEscape(escape);
        // Heredoc bodies keep their quotes: only variables are replaced (BuildKit's raw expansion).
        this.raw = ShellWordExpander.withEscape('\\').skipProcessQuotes(true);
        this.env = VariableLookup.of(Map.copyOf(env));
        this.where = where;
        this.instruction = instruction;
        this.sourceText = sourceText;
    }

    @Override
    public String word(String w) throws PlanException {
        try {
            return words.processWord(w, env);
        } catch (ExpansionException e) {
            throw failure(w, e);
        }
    }

    /** Expands and splits into several words (EXPOSE $PORTS). */
    @Override
    public List<String> words(String w) throws PlanException {
        try {
            return words.processWords(w, env);
        } catch (ExpansionException e) {
            throw failure(w, e);
        }
    }

    @Override
    public String heredoc(String text) throws PlanException {
        try {
            return raw.processWord(text, env);
        } catch (ExpansionException e) {
            throw failure(text, e);
        }
    }

    private PlanException failure(String word, ExpansionException e) {
        return PlanException.at(locate(word, e.offset()), instruction + ": " + e.getMessage());
    }

    /** Where the failing character is in the file, when the word can be found in the instruction's text. */
    private SourceRange locate(String word, int offset) {
        int at = sourceText.indexOf(word);
        if (at < 0) {
            return where;
        }
        int target = at + Math.min(offset, word.length());
        int line = where.start().line();
        int column = where.start().column();
        for (int i = 0; i < target; i++) {
            if (sourceText.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return SourceRange.of(line, column, line, column + 1);
    }
}
