package io.jbuild.grammar.lint;

import io.jbuild.grammar.source.SourceRange;

/**
 * A comment line of the Dockerfile (not of a here-document body).
 *
 * @param line  its line number
 * @param text  what follows {@code #}, trimmed
 * @param range the whole comment, {@code #} included
 */
public record CommentLine(int line, String text, SourceRange range) {
}
