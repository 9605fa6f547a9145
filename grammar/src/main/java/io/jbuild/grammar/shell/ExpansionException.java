package io.jbuild.grammar.shell;

import io.jbuild.grammar.gotext.GoText;

/**
 * A word could not be expanded: bad syntax, an invalid pattern, or a {@code ${VAR?message}} whose variable is
 * unset. The message has BuildKit's shape ({@code failed to process "<word>": <reason>}); {@link #offset()} says
 * where in the word the problem is, so that callers can report a line and column.
 */
public final class ExpansionException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int offset;
    private final String reason;

    /** An error whose whole message is {@code message}; {@code offset} is a 0-based char index into the word. */
    public ExpansionException(String message, int offset) {
        this(message, message, offset);
    }

    private ExpansionException(String message, String reason, int offset) {
        super(message);
        this.reason = reason;
        this.offset = offset;
    }

    /** Words longer than this are cut in messages: a hostile 60 KB word must not become a 60 KB error line. */
    static final int MAX_QUOTED = 200;

    /**
     * The error for {@code word}, worded as BuildKit does: the word quoted Go-style, then the reason. A very long
     * word is quoted up to {@value #MAX_QUOTED} chars, followed by its length.
     */
    static ExpansionException inWord(String word, String reason, int offset) {
        String quoted = word.length() <= MAX_QUOTED ? GoText.quote(word)
                : GoText.quote(word.substring(0, MAX_QUOTED)) + "... (" + word.length() + " chars)";
        return new ExpansionException("failed to process " + quoted + ": " + reason, reason, offset);
    }

    /** Where in the word the problem is: a 0-based index in chars (UTF-16 units) of the input word. */
    public int offset() {
        return offset;
    }

    /** The message without the word it is about, e.g. {@code syntax error: missing '}'}. */
    public String reason() {
        return reason;
    }
}
