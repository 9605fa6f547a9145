package io.jbuild.grammar.ast;

import java.util.Optional;

/** One name of an ARG instruction with its default, unexpanded. */
public record ArgDeclaration(String name, Optional<String> defaultValue) {
}
