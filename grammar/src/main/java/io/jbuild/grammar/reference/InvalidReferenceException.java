package io.jbuild.grammar.reference;

/** An image reference that docker would not accept; the message names the offending part. */
public final class InvalidReferenceException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String input;

    InvalidReferenceException(String input, String reason, String offending) {
        super("invalid reference format: " + reason + ": \"" + offending + "\"");
        this.input = input;
    }

    /** The whole text that was parsed. */
    public String input() {
        return input;
    }
}
