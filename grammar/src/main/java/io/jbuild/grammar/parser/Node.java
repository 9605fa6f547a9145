package io.jbuild.grammar.parser;

import io.jbuild.grammar.ast.Flag;
import io.jbuild.grammar.ast.Heredoc;
import io.jbuild.grammar.source.SourceRange;
import java.util.List;
import java.util.Optional;

/**
 * One instruction as BuildKit's parser sees it, before any instruction-specific checks: the keyword, its
 * flags and the argument words the per-instruction line rule produced. This is the level that
 * {@link BuildKitDump} prints and that BuildKit's parser test data describes; the typed AST is made from it.
 *
 * @param keyword       the instruction word as written
 * @param flags         the flags, decoded
 * @param arguments     argument words (for ENV and LABEL: key, value, separator triples)
 * @param json          true when the arguments came from a JSON array (exec form)
 * @param child         ONBUILD's trigger instruction
 * @param heredocs      heredoc bodies following the line
 * @param original      the logical line (continuations joined)
 * @param source        the instruction exactly as written in the file, heredoc bodies included
 * @param comments      comments directly above
 * @param range         the whole instruction in the file
 * @param keywordRange  the keyword in the file
 * @param argumentRange the arguments in the file (empty at the end of the keyword when there are none)
 */
public record Node(String keyword, List<Flag> flags, List<String> arguments, boolean json, Optional<Node> child,
                   List<Heredoc> heredocs, String original, String source, List<String> comments, SourceRange range,
                   SourceRange keywordRange, SourceRange argumentRange) {

    public Node {
        flags = List.copyOf(flags);
        arguments = List.copyOf(arguments);
        heredocs = List.copyOf(heredocs);
        comments = List.copyOf(comments);
    }

    Node withHeredocs(List<Heredoc> docs, SourceRange wholeRange, String wholeSource) {
        return new Node(keyword, flags, arguments, json, child, docs, original, wholeSource, comments, wholeRange,
                keywordRange, argumentRange);
    }

    /** The flags as BuildKit lists them: {@code --name=value}, quotes removed. */
    public List<String> flagWords() {
        return flags.stream().map(f -> "--" + f.name() + f.value().map(v -> "=" + v).orElse("")).toList();
    }
}
