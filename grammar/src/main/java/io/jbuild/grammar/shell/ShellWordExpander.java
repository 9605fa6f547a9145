package io.jbuild.grammar.shell;

import java.util.List;
import java.util.Objects;

/**
 * Shell-word expansion with BuildKit's semantics ({@code frontend/dockerfile/shell/lex.go}); the entry point of
 * this package. Immutable and safe to share between threads: each call works on its own state.
 *
 * <p>Supported: {@code $var}, {@code ${var}}, {@code ${var:-word}}, {@code ${var-word}}, {@code ${var:+word}},
 * {@code ${var+word}}, {@code ${var:?msg}}, {@code ${var?msg}}, {@code ${var#pat}}, {@code ${var##pat}},
 * {@code ${var%pat}}, {@code ${var%%pat}}, {@code ${var/pat/rep}}, {@code ${var//pat/rep}}; positional
 * ({@code $1}) and special ({@code $@ $* $# $? $- $$ $! $0}) parameters, which are looked up like any name;
 * single quotes (literal), double quotes (variables expanded, only {@code " $} and the escape character can be
 * escaped) and the escape character ({@code \} or {@code `}, the Dockerfile's {@code # escape=}).
 *
 * <p>The options mirror BuildKit's {@code Lex} fields, which the Dockerfile parser relies on for heredoc
 * detection: {@code rawQuotes} keeps quote characters in the result, {@code rawEscapes} keeps escape characters,
 * {@code skipUnsetEnv} leaves references to unset variables as written, {@code skipProcessQuotes} treats quotes
 * as ordinary characters.
 *
 * <p>Where BuildKit has odd corners they are reproduced, since a Dockerfile must build the same way under both:
 * an escape at the very end of a word is dropped, {@code ""} alone yields no word in {@link #processWords},
 * text before a {@code ${var<op>...}} in the same word is lost by {@link #processWords} (BuildKit shares
 * one word buffer with the operand), and {@code ${var//pat/rep}} expands {@code $0} and {@code $$} in
 * {@code rep} as Go's regexp does.
 */
public final class ShellWordExpander {

    private final char escape;
    private final boolean rawQuotes;
    private final boolean rawEscapes;
    private final boolean skipUnsetEnv;
    private final boolean skipProcessQuotes;

    private ShellWordExpander(char escape, boolean rawQuotes, boolean rawEscapes, boolean skipUnsetEnv,
                              boolean skipProcessQuotes) {
        this.escape = escape;
        this.rawQuotes = rawQuotes;
        this.rawEscapes = rawEscapes;
        this.skipUnsetEnv = skipUnsetEnv;
        this.skipProcessQuotes = skipProcessQuotes;
    }

    /** An expander whose escape character is {@code escape}: a backslash, or a backtick for Windows files. */
    public static ShellWordExpander withEscape(char escape) {
        return new ShellWordExpander(escape, false, false, false, false);
    }

    /** A copy that keeps quote characters in the result. */
    public ShellWordExpander rawQuotes(boolean on) {
        return new ShellWordExpander(escape, on, rawEscapes, skipUnsetEnv, skipProcessQuotes);
    }

    /** A copy that keeps escape characters in the result (patterns of {@code #}, {@code %} and {@code /} always do). */
    public ShellWordExpander rawEscapes(boolean on) {
        return new ShellWordExpander(escape, rawQuotes, on, skipUnsetEnv, skipProcessQuotes);
    }

    /** A copy that leaves {@code $var}, {@code ${var}} and {@code ${var<op>...}} as written when var is unset. */
    public ShellWordExpander skipUnsetEnv(boolean on) {
        return new ShellWordExpander(escape, rawQuotes, rawEscapes, on, skipProcessQuotes);
    }

    /** A copy for which quotes are ordinary characters. */
    public ShellWordExpander skipProcessQuotes(boolean on) {
        return new ShellWordExpander(escape, rawQuotes, rawEscapes, skipUnsetEnv, on);
    }

    public char escape() {
        return escape;
    }

    public boolean rawQuotes() {
        return rawQuotes;
    }

    public boolean rawEscapes() {
        return rawEscapes;
    }

    public boolean skipUnsetEnv() {
        return skipUnsetEnv;
    }

    public boolean skipProcessQuotes() {
        return skipProcessQuotes;
    }

    /** The word with its variables replaced and its quotes and escapes resolved; white space is kept. */
    public String processWord(String word, VariableLookup env) throws ExpansionException {
        return scanner(word, env).run();
    }

    /**
     * The word expanded, then split into words at white space that was neither quoted nor escaped (white space
     * coming from a variable outside quotes does split). Used by instructions that take lists, such as EXPOSE.
     */
    public List<String> processWords(String word, VariableLookup env) throws ExpansionException {
        WordScanner scanner = scanner(word, env);
        scanner.run();
        return scanner.words();
    }

    /** Like {@link #processWord}, also telling which variable names were looked up and whether they were defined. */
    public Expansion processWordWithMatches(String word, VariableLookup env) throws ExpansionException {
        WordScanner scanner = scanner(word, env);
        String result = scanner.run();
        return new Expansion(result, scanner.matched(), scanner.unmatched());
    }

    private WordScanner scanner(String word, VariableLookup env) {
        return new WordScanner(this, Objects.requireNonNull(word, "word"), Objects.requireNonNull(env, "env"));
    }

    @Override
    public String toString() {
        return "ShellWordExpander[escape=" + escape + ", rawQuotes=" + rawQuotes + ", rawEscapes=" + rawEscapes
                + ", skipUnsetEnv=" + skipUnsetEnv + ", skipProcessQuotes=" + skipProcessQuotes + "]";
    }
}
