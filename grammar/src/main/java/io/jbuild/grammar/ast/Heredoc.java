package io.jbuild.grammar.ast;

import io.jbuild.grammar.source.SourceRange;

/**
 * A here-document ({@code <<EOF ... EOF}) attached to RUN, COPY or ADD.
 *
 * @param name           the delimiter word, quotes removed
 * @param fileDescriptor the number before {@code <<}, 0 when absent
 * @param expand         false when the delimiter was quoted: then variables in the body are not expanded
 * @param chomp          true for {@code <<-}: leading tabs of body lines are dropped
 * @param content        the body, each line with its newline, without the terminator line
 * @param range          from the line after the instruction through the terminator line
 */
public record Heredoc(String name, int fileDescriptor, boolean expand, boolean chomp, String content, SourceRange range) {

    /** The body as a shell or a file sees it: with {@code <<-}, leading tabs are removed from every line. */
    public String effectiveContent() {
        return chomp ? content.replaceAll("(?m)^\t+", "") : content;
    }
}
