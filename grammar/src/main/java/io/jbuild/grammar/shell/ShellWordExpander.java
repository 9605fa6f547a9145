package io.jbuild.grammar.shell;

import java.util.List;

/**
 * Shell-word expansion with BuildKit's semantics: {@code $var}, {@code ${var}}, the {@code :- - :+ + :? ? # ## % %%
 * / //} operators, single and double quotes, and the Dockerfile's escape character. The public entry point of
 * the step; immutable and safe to share between threads.
 *
 * <p>The options mirror BuildKit's: {@code rawQuotes} keeps quote characters in the result, {@code rawEscapes}
 * keeps escape characters, {@code skipUnsetEnv} leaves references to unset variables as written, and
 * {@code skipProcessQuotes} treats quotes as ordinary characters.
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

    /** An expander for files whose escape character is {@code escape} (a backslash, or a backtick). */
    public static ShellWordExpander withEscape(char escape) {
        return new ShellWordExpander(escape, false, false, false, false);
    }

    public ShellWordExpander rawQuotes(boolean on) {
        return new ShellWordExpander(escape, on, rawEscapes, skipUnsetEnv, skipProcessQuotes);
    }

    public ShellWordExpander rawEscapes(boolean on) {
        return new ShellWordExpander(escape, rawQuotes, on, skipUnsetEnv, skipProcessQuotes);
    }

    public ShellWordExpander skipUnsetEnv(boolean on) {
        return new ShellWordExpander(escape, rawQuotes, rawEscapes, on, skipProcessQuotes);
    }

    public ShellWordExpander skipProcessQuotes(boolean on) {
        return new ShellWordExpander(escape, rawQuotes, rawEscapes, skipUnsetEnv, on);
    }

    char escape() {
        return escape;
    }

    boolean keepsQuotes() {
        return rawQuotes;
    }

    boolean keepsEscapes() {
        return rawEscapes;
    }

    boolean leavesUnsetAsWritten() {
        return skipUnsetEnv;
    }

    boolean ignoresQuotes() {
        return skipProcessQuotes;
    }

    /** The word with its variables replaced and its quotes and escapes resolved; spaces are kept. */
    public String processWord(String word, VariableLookup env) throws ExpansionException {
        return new WordScan(this, word, env).run().result();
    }

    /** The word expanded, then split at unquoted white space (for instructions that take lists). */
    public List<String> processWords(String word, VariableLookup env) throws ExpansionException {
        return new WordScan(this, word, env).run().words();
    }

    /** Like {@link #processWord}, also telling which variables were referenced and whether they were defined. */
    public Expansion processWordWithMatches(String word, VariableLookup env) throws ExpansionException {
        WordScan scan = new WordScan(this, word, env);
        WordScan.Result r = scan.run();
        return new Expansion(r.result(), scan.matched(), scan.unmatched());
    }
}
