package io.jbuild.grammar.shell;

import io.jbuild.grammar.gotext.GoText;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the words of {@link ShellWordExpander#processWords}: white space splits words unless it was quoted,
 * escaped or part of a {@code <<} heredoc marker; words that come out empty (as {@code ""} does) are dropped.
 */
final class WordSplitter {

    private final List<String> words = new ArrayList<>();
    private final StringBuilder pending = new StringBuilder();

    /** Unquoted text: its white space separates words. */
    void addSplitting(int c) {
        if (GoText.isSpace(c)) {
            flush();
        } else {
            pending.appendCodePoint(c);
        }
    }

    void addSplitting(String s) {
        s.codePoints().forEach(this::addSplitting);
    }

    /** Quoted or escaped text: kept whole, white space included. */
    void addKept(int c) {
        pending.appendCodePoint(c);
    }

    void addKept(String s) {
        pending.append(s);
    }

    /**
     * Drops the word being built. BuildKit (since v0.15 / Dockerfile frontend 1.9) shares one word buffer between
     * the whole word and the operand of a {@code ${var<op>word}} inside it, and clears it when it starts reading
     * the operand; so {@code a${x:-b}} splits to just {@code b}. Mirrored so that EXPOSE and heredoc detection
     * split words exactly as BuildKit does.
     */
    void discardPending() {
        pending.setLength(0);
    }

    List<String> finish() {
        flush();
        return List.copyOf(words);
    }

    private void flush() {
        if (pending.length() > 0) {
            words.add(pending.toString());
            pending.setLength(0);
        }
    }
}
