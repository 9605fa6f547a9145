package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.source.Severity;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** DL3053: a label the schema types {@code rfc3339} that is not an RFC 3339 date-time. */
public final class Dl3053LabelRfc3339 extends LabelValueRule {

    public Dl3053LabelRfc3339() {
        super("DL3053", Severity.WARNING, "Label `%s` is not a valid time format - must conform to RFC3339.", "rfc3339");
    }

    @Override
    boolean valid(String value) {
        try {
            OffsetDateTime.parse(value.replace(' ', 'T').replace('t', 'T').replace('z', 'Z'));
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
