package io.jbuild.grammar.lint;

import java.util.List;

/**
 * A configuration file or {@code # check=} directive that cannot be read; the message says why, and
 * {@link #key()} the path of keys (and list indexes) to the offending value, for a reader that knows its lines.
 */
public final class LintConfigException extends Exception {

    private final List<String> key;

    public LintConfigException(String message) {
        this(message, List.of());
    }

    public LintConfigException(String message, List<String> key) {
        super(message);
        this.key = List.copyOf(key);
    }

    /** The keys from the document's root to the offending value; empty when the whole document (or no file) is meant. */
    public List<String> key() {
        return key;
    }
}
