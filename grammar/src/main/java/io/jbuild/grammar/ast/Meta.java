package io.jbuild.grammar.ast;

import io.jbuild.grammar.source.SourceRange;
import java.util.List;

/**
 * What every instruction has besides its own arguments.
 *
 * @param keyword  the instruction word as written ({@code from}, {@code FROM}, ...)
 * @param range    from the first character of the keyword to the end of its last line (heredoc bodies included)
 * @param text     the source text of the instruction, exactly as in the file
 * @param flags    the {@code --name=value} flags in order, as written
 * @param comments the comment lines directly above the instruction, without {@code #}
 */
public record Meta(String keyword, SourceRange range, String text, List<Flag> flags, List<String> comments) {

    public Meta {
        flags = List.copyOf(flags);
        comments = List.copyOf(comments);
    }
}
