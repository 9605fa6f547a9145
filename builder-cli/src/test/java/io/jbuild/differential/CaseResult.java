package io.jbuild.differential;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one case found.
 *
 * @param differences differences no accepted rule covers: the case fails on these
 * @param accepted    differences with the reason each is kept
 * @param notes       informational: history, layer counts, failure messages of expected failures
 * @param mtimes      modification-time summary (informational), null when no trees were compared
 */
record CaseResult(String name, String description, List<Difference> differences, Map<Difference, String> accepted,
                  List<String> notes, TreeComparison.Mtimes mtimes, Duration dockerTime, Duration jbuildTime) {

    String verdict() {
        return differences.isEmpty() ? "PASS" : "DIFF";
    }
}
