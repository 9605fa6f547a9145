package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.source.Severity;
import java.net.URI;
import java.net.URISyntaxException;

/** DL3052: a label the schema types {@code url} that is not an absolute URI. */
public final class Dl3052LabelUrl extends LabelValueRule {

    public Dl3052LabelUrl() {
        super("DL3052", Severity.WARNING, "Label `%s` is not a valid URL.", "url");
    }

    @Override
    boolean valid(String value) {
        try {
            URI u = new URI(value);
            return u.getScheme() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
