package io.jbuild.grammar.lint;

import io.jbuild.grammar.ast.Instruction;
import java.util.Optional;

/**
 * One instruction in file order, with its stage: what per-instruction rules iterate over.
 *
 * @param instruction the instruction (an ONBUILD trigger when {@code trigger} is true)
 * @param stage       its stage; empty before the first FROM
 * @param trigger     true for the instruction inside an ONBUILD (it runs in another build)
 */
public record Step(Instruction instruction, Optional<Stage> stage, boolean trigger) {
}
