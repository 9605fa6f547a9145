package io.jbuild.grammar.source;

import java.util.Objects;

/**
 * A problem found in a Dockerfile.
 *
 * @param severity how bad it is
 * @param code     what kind of problem: {@code syntax} for what BuildKit's parser rejects, {@code instruction}
 *                 for a well-formed line an instruction does not accept, or a lint rule id
 * @param message  a sentence for people
 * @param range    where it is
 */
public record Diagnostic(Severity severity, String code, String message, SourceRange range) {

    public static final String SYNTAX = "syntax";
    public static final String INSTRUCTION = "instruction";

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(range, "range");
    }

    public static Diagnostic syntaxError(String message, SourceRange range) {
        return new Diagnostic(Severity.ERROR, SYNTAX, message, range);
    }

    public static Diagnostic instructionError(String message, SourceRange range) {
        return new Diagnostic(Severity.ERROR, INSTRUCTION, message, range);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** Compiler style: {@code file:line:col: severity: message}. */
    public String format(String file) {
        return file + ":" + range.start().line() + ":" + range.start().column() + ": " + severity.label() + ": " + message;
    }
}
