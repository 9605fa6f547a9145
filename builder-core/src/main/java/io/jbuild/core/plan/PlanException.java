package io.jbuild.core.plan;

import io.jbuild.grammar.source.Diagnostic;
import io.jbuild.grammar.source.Severity;
import io.jbuild.grammar.source.SourceRange;
import java.util.List;

/** The Dockerfile and arguments do not make a buildable plan; each problem names where it is. */
public final class PlanException extends Exception {

    private final transient List<Diagnostic> problems;

    public PlanException(List<Diagnostic> problems) {
        super(problems.isEmpty() ? "invalid build" : problems.get(0).message());
        this.problems = List.copyOf(problems);
    }

    static PlanException at(SourceRange range, String message) {
        return new PlanException(List.of(Diagnostic.instructionError(message, range)));
    }

    /** A problem that is not in the Dockerfile (a command-line value); reported at line 1. */
    static PlanException ofValue(String message) {
        return new PlanException(List.of(new Diagnostic(Severity.ERROR, "argument", message,
                SourceRange.lines(1, 1))));
    }

    public List<Diagnostic> problems() {
        return problems;
    }
}
