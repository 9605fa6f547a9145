package io.jbuild.grammar.lint;

import io.jbuild.grammar.source.Severity;
import java.util.Objects;
import java.util.Optional;

/**
 * What a rule is, for configuration, documentation and reports.
 *
 * @param id               the rule's id as users write it in {@code skip=} lists and ignore comments
 * @param family           where the rule comes from
 * @param severity         its severity unless configuration says otherwise
 * @param description      one sentence: what the rule wants
 * @param url              where it is documented
 * @param enabledByDefault false for rules that run only when asked for (hadolint's "ignore" severity)
 * @param experimental     BuildKit's experimental checks: they run only with {@code # check=experimental=...}
 */
public record RuleInfo(String id, RuleFamily family, Severity severity, String description, Optional<String> url,
                       boolean enabledByDefault, boolean experimental) {

    public RuleInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(url, "url");
    }

    /** A BuildKit check: a warning, documented at {@code https://docs.docker.com/go/dockerfile/rule/<slug>/}. */
    public static RuleInfo buildkit(String id, String slug, String description) {
        return new RuleInfo(id, RuleFamily.BUILDKIT, Severity.WARNING, description,
                Optional.of("https://docs.docker.com/go/dockerfile/rule/" + slug + "/"), true, false);
    }

    /** A hadolint rule, documented on hadolint's wiki. */
    public static RuleInfo hadolint(String id, Severity severity, String description) {
        return new RuleInfo(id, RuleFamily.HADOLINT, severity, description,
                Optional.of("https://github.com/hadolint/hadolint/wiki/" + id), true, false);
    }

    public RuleInfo disabledByDefault() {
        return new RuleInfo(id, family, severity, description, url, false, experimental);
    }

    public RuleInfo asExperimental() {
        return new RuleInfo(id, family, severity, description, url, enabledByDefault, true);
    }
}
