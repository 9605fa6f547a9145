package io.jbuild.core.build;

import io.jbuild.grammar.source.Diagnostic;
import io.jbuild.grammar.source.SourceRange;
import java.util.List;

/** The build failed; {@link #problems()} say where in the Dockerfile when it is about a line. */
public final class BuildException extends Exception {

    private final transient List<Diagnostic> problems;

    public BuildException(List<Diagnostic> problems) {
        super(problems.isEmpty() ? "build failed" : problems.get(0).message());
        this.problems = List.copyOf(problems);
    }

    public BuildException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of();
    }

    static BuildException at(SourceRange where, String message) {
        return new BuildException(List.of(Diagnostic.instructionError(message, where)));
    }

    static BuildException at(SourceRange where, String message, Throwable cause) {
        BuildException e = at(where, message);
        e.initCause(cause);
        return e;
    }

    public List<Diagnostic> problems() {
        return problems;
    }

    /** Every problem, compiler style, naming {@code file}. */
    public String format(String file) {
        if (problems.isEmpty()) {
            return getMessage();
        }
        StringBuilder b = new StringBuilder();
        for (Diagnostic d : problems) {
            b.append(d.code().equals("argument") ? d.message() : d.format(file)).append('\n');
        }
        return b.toString().stripTrailing();
    }
}
