package io.jbuild.grammar.source;

/** How much a diagnostic matters; the order is from worst to mildest. */
public enum Severity {
    ERROR, WARNING, INFO, STYLE;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
