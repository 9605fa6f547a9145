package io.jbuild.grammar.ast;

import io.jbuild.grammar.source.SourceRange;

/** A parser directive from the top of the file: {@code syntax}, {@code escape} or {@code check}. */
public record Directive(String name, String value, SourceRange range) {
}
