package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Flag;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.source.SourceRange;

/** The range of an instruction's flag by name, or of the instruction. */
final class FromFlag {

    private FromFlag() {
    }

    static SourceRange range(Instruction i, String flag) {
        return i.meta().flags().stream().filter(f -> f.name().equals(flag)).map(Flag::range)
                .findFirst().orElse(i.meta().range());
    }
}
