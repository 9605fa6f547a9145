package io.jbuild.grammar.lint;

/** A configuration file or {@code # check=} directive that cannot be read; the message says where and why. */
public final class LintConfigException extends Exception {

    public LintConfigException(String message) {
        super(message);
    }
}
