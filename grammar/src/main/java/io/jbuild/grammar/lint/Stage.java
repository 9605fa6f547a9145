package io.jbuild.grammar.lint;

import io.jbuild.grammar.ast.Instruction;
import java.util.List;
import java.util.Optional;

/**
 * A build stage: its FROM and the instructions up to the next FROM.
 *
 * @param index        0-based position among the stages
 * @param from         the FROM that starts it
 * @param name         its name ({@code AS name}), lower case as BuildKit compares names
 * @param instructions the instructions after FROM, in order (ONBUILD triggers stay wrapped)
 * @param parent       the earlier stage that FROM names, when it names one
 */
public record Stage(int index, Instruction.From from, Optional<String> name, List<Instruction> instructions,
                    Optional<Stage> parent) {

    public Stage {
        instructions = List.copyOf(instructions);
    }
}
