package io.jbuild.cli.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A parsed Go template: text, actions and the control structures around them. */
sealed interface TemplateNode {

    /** Where a node starts in the template text, for messages ({@code template: :LINE:COL: ...}). */
    record Pos(int line, int column) {
        @Override
        public String toString() {
            return line + ":" + column;
        }
    }

    record Text(String text) implements TemplateNode {
    }

    /** {@code {{pipeline}}}: its value printed, unless it declares variables. */
    record Action(Pipeline pipeline) implements TemplateNode {
    }

    /** {@code if}, {@code with} ({@code dot} set to the value) and {@code range} (over its elements). */
    record Branch(Kind kind, Pipeline pipeline, List<TemplateNode> body, List<TemplateNode> otherwise)
            implements TemplateNode {
        enum Kind { IF, WITH, RANGE }
    }

    /** Commands joined by {@code |}, each given the one before as its last argument; optionally declaring variables. */
    record Pipeline(Pos pos, List<String> declared, List<Command> commands) {
    }

    /** A function and its arguments, or one operand alone; {@code source} is its text, for messages. */
    record Command(Pos pos, String source, List<Operand> operands) {
    }

    sealed interface Operand {
    }

    /** {@code .A.B} (an empty chain is dot itself). */
    record Field(List<String> chain) implements Operand {
    }

    /** {@code $}, {@code $x}, {@code $x.A}. */
    record Variable(String name, List<String> chain) implements Operand {
    }

    /** {@code (pipeline).A}. */
    record Nested(Pipeline pipeline, List<String> chain) implements Operand {
    }

    /** A function's name. */
    record Identifier(String name) implements Operand {
    }

    /** A string, number, boolean or nil, as a JSON value. */
    record Literal(JsonNode value) implements Operand {
    }
}
