package io.jbuild.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Differences that were analysed and are kept on purpose, each with its reason, from
 * {@code testdata/differential/accepted.json}:
 *
 * <pre>{"accepted": [ {"case": "regex", "category": "config", "subject": "regex",
 *                     "docker": "exact value", "jbuild": "exact value", "reason": "why this is right"} ]}</pre>
 *
 * {@code case}, {@code subject}, {@code docker} and {@code jbuild} are optional; a missing one matches anything.
 * A difference no entry matches fails its case.
 */
final class AcceptedDifferences {

    private record Rule(Pattern caseName, String category, Pattern subject, String docker, String jbuild,
                        String reason) {
        boolean matches(String name, Difference d) {
            return caseName.matcher(name).matches() && category.equals(d.category())
                    && subject.matcher(d.subject()).matches()
                    && (docker == null || docker.equals(d.docker())) && (jbuild == null || jbuild.equals(d.jbuild()));
        }
    }

    private final List<Rule> rules;

    private AcceptedDifferences(List<Rule> rules) {
        this.rules = rules;
    }

    static AcceptedDifferences read(Path file) throws IOException {
        List<Rule> rules = new ArrayList<>();
        if (Files.exists(file)) {
            for (JsonNode r : new ObjectMapper().readTree(file.toFile()).path("accepted")) {
                rules.add(new Rule(Pattern.compile(r.path("case").asText(".*")), r.path("category").asText(),
                        Pattern.compile(r.path("subject").asText(".*")), text(r, "docker"), text(r, "jbuild"),
                        r.path("reason").asText()));
            }
        }
        return new AcceptedDifferences(rules);
    }

    /** The reason {@code d} is accepted in case {@code caseName}, if it is. */
    Optional<String> reason(String caseName, Difference d) {
        return rules.stream().filter(r -> r.matches(caseName, d)).map(Rule::reason).findFirst();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
