package io.jbuild.grammar.lint;

/** Where a rule comes from, which decides its documentation and how {@code # check=} applies to it. */
public enum RuleFamily {
    /** What the parser reports: syntax and instruction errors (never skipped), empty continuation lines. */
    PARSER,
    /** BuildKit's build checks: same names, messages and meaning; {@code # check=error=true} makes them errors. */
    BUILDKIT,
    /** hadolint's DL rules, with their ids. */
    HADOLINT
}
