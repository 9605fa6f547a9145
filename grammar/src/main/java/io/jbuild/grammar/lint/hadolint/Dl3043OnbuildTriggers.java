package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.parser.Node;
import io.jbuild.grammar.source.Severity;
import java.util.Locale;
import java.util.Set;

/**
 * DL3043: ONBUILD of ONBUILD, FROM or MAINTAINER. The parser rejects these (an error of its own), so this rule
 * reads the parser's nodes.
 */
public final class Dl3043OnbuildTriggers extends DlRule {

    public Dl3043OnbuildTriggers() {
        super("DL3043", Severity.ERROR, "`ONBUILD`, `FROM` or `MAINTAINER` triggered from within `ONBUILD` instruction.");
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Node n : file.parse().nodes()) {
            if (n.keyword().equalsIgnoreCase("onbuild") && n.child().isPresent()
                    && Set.of("onbuild", "from", "maintainer").contains(n.child().get().keyword().toLowerCase(Locale.ROOT))) {
                out.report(n.range(), message());
            }
        }
    }
}
