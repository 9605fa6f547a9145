package io.jbuild.grammar.parser;

import io.jbuild.grammar.ast.Dockerfile;
import io.jbuild.grammar.source.Diagnostic;
import java.util.List;

/**
 * What parsing gives: the typed AST (as much as could be read), BuildKit's node-level view of the same file,
 * and every problem found, in file order.
 */
public record ParseResult(Dockerfile dockerfile, List<Node> nodes, List<Diagnostic> diagnostics) {

    public ParseResult {
        nodes = List.copyOf(nodes);
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    /** True when BuildKit's parser itself would reject the file (instruction-level checks aside). */
    public boolean hasSyntaxErrors() {
        return diagnostics.stream().anyMatch(d -> d.isError() && d.code().equals(Diagnostic.SYNTAX));
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }
}
