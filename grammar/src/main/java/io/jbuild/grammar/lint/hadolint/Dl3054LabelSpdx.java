package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.source.Severity;
import java.util.regex.Pattern;

/**
 * DL3054: a label the schema types {@code spdx} that is not an SPDX license expression. jbuild checks the
 * expression's form (identifiers such as {@code Apache-2.0} or {@code LicenseRef-x}, {@code AND}, {@code OR},
 * {@code WITH}, parentheses), not the list of registered identifiers.
 */
public final class Dl3054LabelSpdx extends LabelValueRule {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]*\\+?");

    public Dl3054LabelSpdx() {
        super("DL3054", Severity.WARNING, "Label `%s` is not a valid SPDX identifier.", "spdx");
    }

    @Override
    boolean valid(String value) {
        String[] tokens = value.replace("(", " ( ").replace(")", " ) ").strip().split("\\s+");
        int depth = 0;
        boolean expectId = true;
        for (String t : tokens) {
            if (t.equals("(")) {
                if (!expectId) {
                    return false;
                }
                depth++;
            } else if (t.equals(")")) {
                if (expectId || --depth < 0) {
                    return false;
                }
            } else if (t.equals("AND") || t.equals("OR") || t.equals("WITH")) {
                if (expectId) {
                    return false;
                }
                expectId = true;
            } else {
                if (!expectId || !ID.matcher(t).matches()) {
                    return false;
                }
                expectId = false;
            }
        }
        return depth == 0 && !expectId;
    }
}
