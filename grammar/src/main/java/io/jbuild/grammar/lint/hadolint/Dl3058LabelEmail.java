package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.source.Severity;
import java.util.regex.Pattern;

/** DL3058: a label the schema types {@code email} that is not an e-mail address. */
public final class Dl3058LabelEmail extends LabelValueRule {

    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@"
                    + "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\\.)*[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?");

    public Dl3058LabelEmail() {
        super("DL3058", Severity.WARNING, "Label `%s` is not a valid email format - must conform to RFC5322.", "email");
    }

    @Override
    boolean valid(String value) {
        return EMAIL.matcher(value).matches();
    }
}
