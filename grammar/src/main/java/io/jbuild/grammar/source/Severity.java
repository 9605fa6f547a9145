package io.jbuild.grammar.source;

import java.util.Locale;

/** How much a diagnostic matters; the order is from worst to mildest. */
public enum Severity {
    ERROR, WARNING, INFO, STYLE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
