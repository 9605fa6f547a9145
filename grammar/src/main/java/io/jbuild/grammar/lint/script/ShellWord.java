package io.jbuild.grammar.lint.script;

/**
 * One word of a shell command.
 *
 * @param value the word as a rule compares it: quotes and escapes removed, every expansion written as
 *              {@code ${NAME}} ({@code $(...)}, backticks and arithmetic as {@code ${VAR}}), like hadolint
 * @param start offset of its first character in the script text
 * @param end   offset just past its last character
 */
public record ShellWord(String value, int start, int end) {
}
