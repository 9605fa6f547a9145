package io.jbuild.grammar.shell;

/** A word could not be expanded: bad syntax, or a {@code ${VAR?message}} whose variable is unset. */
public final class ExpansionException extends Exception {

    private final int offset;

    public ExpansionException(String message, int offset) {
        super(message);
        this.offset = offset;
    }

    /** Where in the word (0-based, in chars) the problem was found. */
    public int offset() {
        return offset;
    }
}
