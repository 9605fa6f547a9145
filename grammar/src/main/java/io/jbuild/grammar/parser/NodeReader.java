package io.jbuild.grammar.parser;

import io.jbuild.grammar.ast.Flag;
import io.jbuild.grammar.source.SourceRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Turns one logical line into a {@link Node}: header by the ANTLR grammar, arguments by the instruction's rule. */
final class NodeReader {

    static final class NodeException extends Exception {
        private final SourceRange range;

        NodeException(String message, SourceRange range) {
            super(message);
            this.range = range;
        }

        SourceRange range() {
            return range;
        }
    }

    // ONBUILD ONBUILD ... is refused by the typed layer anyway; the cap keeps hostile nesting off the stack.
    private static final int MAX_ONBUILD_NESTING = 8;

    private final char escape;

    NodeReader(char escape) {
        this.escape = escape;
    }

    /** Reads the instruction that starts at {@code from} in {@code line}; empty when there is only white space. */
    Optional<Node> read(LogicalLine line, int from, List<String> comments, SourceRange wholeRange) throws NodeException {
        return read(line, from, comments, wholeRange, 0);
    }

    private Optional<Node> read(LogicalLine line, int from, List<String> comments, SourceRange wholeRange, int depth)
            throws NodeException {
        String text = line.text();
        int start = Spaces.skipUnicodeSpace(text, from);
        int end = Spaces.trimEndUnicodeSpace(text, text.length());
        if (start >= end) {
            return Optional.empty();
        }
        String trimmed = text.substring(start, end);
        InstructionHeader header;
        try {
            header = InstructionHeader.parse(trimmed, escape);
        } catch (InstructionHeader.HeaderException e) {
            throw new NodeException(e.getMessage(), line.rangeOf(start, end));
        }
        List<Flag> flags = new ArrayList<>();
        for (InstructionHeader.FlagPart f : header.flags()) {
            String decoded = f.decoded();
            int eq = decoded.indexOf('=');
            String name = eq < 0 ? decoded.substring(2) : decoded.substring(2, eq);
            Optional<String> value = eq < 0 ? Optional.empty() : Optional.of(decoded.substring(eq + 1));
            flags.add(new Flag(name, value, f.raw(), line.rangeOf(start + f.start(), start + f.end())));
        }
        String keyword = header.keyword().text();
        String lower = keyword.toLowerCase(Locale.ROOT);
        int argsStart = start + header.arguments().start();
        SourceRange argumentRange = line.rangeOf(argsStart, start + header.arguments().end());
        String rest = header.arguments().text();

        Optional<Node> child = Optional.empty();
        ArgumentParsers.Words words;
        if (lower.equals("onbuild")) {
            if (depth >= MAX_ONBUILD_NESTING) {
                throw new NodeException("ONBUILD nested too deeply", argumentRange);
            }
            child = rest.isEmpty() ? Optional.empty()
                    : read(line, argsStart, List.of(), line.rangeOf(argsStart, end), depth + 1);
            words = ArgumentParsers.Words.NONE;
        } else {
            try {
                words = ArgumentParsers.parse(lower, rest, escape);
            } catch (ArgumentParsers.ArgumentException e) {
                throw new NodeException(e.getMessage(), argumentRange);
            }
        }
        return Optional.of(new Node(keyword, flags, words.words(), words.json(), child, List.of(), text, trimmed, comments,
                wholeRange, line.rangeOf(start + header.keyword().start(), start + header.keyword().end()),
                argumentRange));
    }

    /** RUN, COPY and ADD in shell form (also as an ONBUILD trigger) may be followed by heredoc bodies. */
    static boolean canContainHeredoc(Node node) {
        Node n = node;
        if (n.keyword().equalsIgnoreCase("onbuild") && n.child().isPresent()) {
            n = n.child().get();
        }
        String k = n.keyword().toLowerCase(Locale.ROOT);
        return (k.equals("run") || k.equals("copy") || k.equals("add")) && !n.json();
    }
}
