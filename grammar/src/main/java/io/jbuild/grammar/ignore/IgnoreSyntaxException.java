package io.jbuild.grammar.ignore;

import java.io.IOException;

/**
 * A .dockerignore pattern docker would refuse ({@code syntax error in pattern}, a lone {@code !}); the message
 * names where it came from and its line. An {@link IOException}: to whoever reads the file, a file that cannot
 * be read as patterns is a file that cannot be read.
 */
public final class IgnoreSyntaxException extends IOException {

    private static final long serialVersionUID = 1L;

    public IgnoreSyntaxException(String message) {
        super(message);
    }
}
