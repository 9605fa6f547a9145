package io.jbuild.grammar.ast;

import java.util.List;
import java.util.Optional;

/**
 * A parsed Dockerfile: its directives, the escape character in force and its instructions in order.
 * Instructions that could not be parsed are left out (their errors are in the parse result).
 */
public record Dockerfile(List<Directive> directives, char escapeChar, List<Instruction> instructions) {

    public Dockerfile {
        directives = List.copyOf(directives);
        instructions = List.copyOf(instructions);
    }

    public Optional<Directive> directive(String name) {
        return directives.stream().filter(d -> d.name().equals(name)).findFirst();
    }
}
