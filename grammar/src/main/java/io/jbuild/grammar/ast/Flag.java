package io.jbuild.grammar.ast;

import io.jbuild.grammar.source.SourceRange;
import java.util.Optional;

/**
 * A {@code --name[=value]} flag of an instruction, quotes and escapes already removed.
 *
 * @param name  without the leading dashes
 * @param value what follows {@code =}, if there was one
 * @param raw   the flag as written
 * @param range where it is written
 */
public record Flag(String name, Optional<String> value, String raw, SourceRange range) {
}
