package io.jbuild.grammar.ast;

/**
 * One pair of ENV or LABEL, unexpanded: quotes and variables are resolved when the build plan is made.
 *
 * @param legacyFormat true for the old {@code ENV key value} form (no {@code =})
 */
public record KeyValue(String key, String value, boolean legacyFormat) {
}
