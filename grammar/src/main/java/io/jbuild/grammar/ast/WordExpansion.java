package io.jbuild.grammar.ast;

import java.util.List;

/**
 * What an instruction's {@link Instruction#expand} does to each word BuildKit expands (its commands' {@code Expand}):
 * the build plan replaces variables with their values, the linter records the names it cannot find.
 *
 * @param <X> what a failed expansion throws
 */
public interface WordExpansion<X extends Exception> {

    /** One word that stays one word: paths, flags' values, ENV and LABEL keys and values, ARG defaults. */
    String word(String word) throws X;

    /**
     * One word that may become several (EXPOSE {@code $PORTS}). BuildKit splits these in the instruction's dispatch,
     * outside the hook that reports undefined variables.
     */
    List<String> words(String word) throws X;

    /** The body of a COPY/ADD here-document with an unquoted delimiter: variables only, quotes kept. */
    String heredoc(String body) throws X;
}
