package io.jbuild.grammar.lint;

import io.jbuild.grammar.source.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a configuration file says, in hadolint's {@code .hadolint.yaml} vocabulary (jbuild reads the same keys
 * from {@code .jbuild-lint.yaml}):
 *
 * <pre>
 * ignored: [DL3008, JSONArgsRecommended]      # rules that never report
 * override:                                   # severity per rule
 *   error: [DL3006]
 *   warning: [DL3015]
 *   info: []
 *   style: []
 * trustedRegistries: [docker.io, "*.corp.example"]   # DL3026 runs when this is not empty
 * label-schema: {maintainer: text, org.opencontainers.image.created: rfc3339}
 * strict-labels: true                         # DL3050: labels outside the schema
 * disable-ignore-pragma: false                # true: "# hadolint ignore=" comments have no effect
 * failure-threshold: error                    # the least severity that fails `jbuild lint` (none: never)
 * no-fail: false
 * experimental: [InvalidDefinitionDescription] # BuildKit's experimental checks to run (jbuild's key)
 * </pre>
 *
 * Unknown keys (hadolint's output options, say) are accepted and ignored. The linter reads no YAML: a caller
 * gives the document's tree to {@link #fromTree} ({@link LintConfigFile} reads the files with
 * a YAML library), or builds the record directly.
 */
public record LintConfig(Set<String> ignored, Map<String, Severity> overrides, List<String> trustedRegistries,
                         Map<String, String> labelSchema, boolean strictLabels, boolean disableIgnorePragma,
                         Optional<Severity> failureThreshold, boolean noFail, Set<String> experimental) {

    /** The label value types of {@code label-schema}, as hadolint names them. */
    public static final Set<String> LABEL_TYPES = Set.of("text", "url", "email", "rfc3339", "spdx", "hash", "semver");

    public LintConfig {
        ignored = Set.copyOf(ignored);
        overrides = Map.copyOf(overrides);
        trustedRegistries = List.copyOf(trustedRegistries);
        labelSchema = Collections.unmodifiableMap(new LinkedHashMap<>(labelSchema));
        experimental = Set.copyOf(experimental);
    }

    public static LintConfig defaults() {
        return new LintConfig(Set.of(), Map.of(), List.of(), Map.of(), false, false, Optional.of(Severity.ERROR), false, Set.of());
    }

    /** The names jbuild looks for in a directory, in order. */
    public static final List<String> FILE_NAMES = List.of(".jbuild-lint.yaml", ".jbuild-lint.yml", ".hadolint.yaml",
            ".hadolint.yml");

    /** The first configuration file of {@link #FILE_NAMES} in {@code dir}, if any. */
    public static Optional<Path> find(Path dir) {
        for (String name : FILE_NAMES) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The typed configuration from a configuration file's document, already read by a YAML library (the grammar
     * module has none): a map of keys to {@code Map}, {@code List} and scalar values ({@code String}, or
     * {@code Boolean}/{@code Number} as a library may type them); {@code null} or {@code ""} is an absent value.
     * An error names the offending key path ({@link LintConfigException#key()}) so the reader can say the line.
     */
    public static LintConfig fromTree(Object root) throws LintConfigException {
        if (root == null || "".equals(root)) {
            return defaults();
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new LintConfigException("the configuration must be a mapping of keys such as 'ignored', 'override', 'trustedRegistries'",
                    List.of());
        }
        Set<String> ignored = new LinkedHashSet<>(strings(map.get("ignored"), List.of("ignored")));
        Map<String, Severity> overrides = new LinkedHashMap<>();
        Object override = map.get("override");
        if (override != null && !"".equals(override)) {
            if (!(override instanceof Map<?, ?> o)) {
                throw new LintConfigException("'override' must map error/warning/info/style to lists of rules", List.of("override"));
            }
            for (Map.Entry<?, ?> e : o.entrySet()) {
                String level = String.valueOf(e.getKey());
                List<String> rules = strings(e.getValue(), List.of("override", level));
                Optional<Severity> severity = severity(level);
                if (severity.isEmpty() && isOff(level)) {
                    ignored.addAll(rules);
                    continue;
                }
                Severity s = severity.orElseThrow(() -> new LintConfigException(
                        "override: unknown severity '" + level + "' (use error, warning, info, style or ignore)",
                        List.of("override", level)));
                rules.forEach(r -> overrides.put(r, s));
            }
        }
        Map<String, String> labels = new LinkedHashMap<>();
        Object schema = map.get("label-schema");
        if (schema != null && !"".equals(schema)) {
            if (!(schema instanceof Map<?, ?> s)) {
                throw new LintConfigException("'label-schema' must map label names to types", List.of("label-schema"));
            }
            for (Map.Entry<?, ?> e : s.entrySet()) {
                String type = String.valueOf(e.getValue()).strip().toLowerCase(Locale.ROOT);
                if (!LABEL_TYPES.contains(type)) {
                    throw new LintConfigException("label-schema: unknown type '" + e.getValue() + "' for label '"
                            + e.getKey() + "' (use one of " + String.join(", ", new TreeSet<>(LABEL_TYPES)) + ")",
                            List.of("label-schema", String.valueOf(e.getKey())));
                }
                labels.put(String.valueOf(e.getKey()), type);
            }
        }
        Optional<Severity> threshold = Optional.of(Severity.ERROR);
        Object t = map.get("failure-threshold");
        if (t != null && !"".equals(t)) {
            String level = scalar(t, List.of("failure-threshold"));
            threshold = severity(level);
            if (threshold.isEmpty() && !isOff(level)) {
                throw new LintConfigException("failure-threshold: unknown severity '" + level + "'", List.of("failure-threshold"));
            }
        }
        return new LintConfig(ignored, overrides, strings(map.get("trustedRegistries"), List.of("trustedRegistries")), labels,
                bool(map.get("strict-labels"), "strict-labels"), bool(map.get("disable-ignore-pragma"), "disable-ignore-pragma"),
                threshold, bool(map.get("no-fail"), "no-fail"),
                new LinkedHashSet<>(strings(map.get("experimental"), List.of("experimental"))));
    }

    private static boolean isOff(String level) {
        return level.equalsIgnoreCase("ignore") || level.equalsIgnoreCase("none") || level.equalsIgnoreCase("off");
    }

    static Optional<Severity> severity(String level) {
        for (Severity s : Severity.values()) {
            if (s.label().equalsIgnoreCase(level)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    private static List<String> strings(Object value, List<String> key) throws LintConfigException {
        if (value == null || "".equals(value)) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            return List.of(scalar(value, key)); // a single rule written without a list
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            List<String> at = new ArrayList<>(key);
            at.add(Integer.toString(i));
            Object o = list.get(i);
            if (o instanceof Map<?, ?> || o instanceof List<?> || o == null) {
                throw new LintConfigException("'" + String.join(".", key) + "' must be a list of names", at);
            }
            out.add(scalar(o, at));
        }
        return out;
    }

    /**
     * A name's text without surrounding white space (a folded or literal block scalar ends in a line break); a map,
     * a list, or text with white space inside (a block scalar of several lines) is an error, not one odd name.
     */
    private static String scalar(Object value, List<String> key) throws LintConfigException {
        String name = String.join(".", key);
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new LintConfigException("'" + name + "' must be a name or a list of names", key);
        }
        String s = String.valueOf(value).strip();
        if (s.chars().anyMatch(Character::isWhitespace)) {
            throw new LintConfigException("'" + name + "': '" + s.replace("\n", "\\n")
                    + "' is not one name (write a list: [a, b])", key);
        }
        return s;
    }

    private static boolean bool(Object value, String key) throws LintConfigException {
        if (value == null || "".equals(value)) {
            return false;
        }
        String s = String.valueOf(value).strip().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new LintConfigException("'" + key + "' must be true or false, not '" + value + "'", List.of(key));
        };
    }

    public LintConfig withIgnored(Set<String> more) {
        Set<String> all = new LinkedHashSet<>(ignored);
        all.addAll(more);
        return new LintConfig(all, overrides, trustedRegistries, labelSchema, strictLabels, disableIgnorePragma,
                failureThreshold, noFail, experimental);
    }

    public LintConfig withOverride(String rule, Severity severity) {
        Map<String, Severity> o = new LinkedHashMap<>(overrides);
        o.put(rule, severity);
        return new LintConfig(ignored, o, trustedRegistries, labelSchema, strictLabels, disableIgnorePragma,
                failureThreshold, noFail, experimental);
    }

    public LintConfig withTrustedRegistries(List<String> registries) {
        return new LintConfig(ignored, overrides, registries, labelSchema, strictLabels, disableIgnorePragma,
                failureThreshold, noFail, experimental);
    }

    public LintConfig withLabelSchema(Map<String, String> schema, boolean strict) {
        return new LintConfig(ignored, overrides, trustedRegistries, schema, strict, disableIgnorePragma,
                failureThreshold, noFail, experimental);
    }

    public LintConfig withExperimental(Set<String> rules) {
        return new LintConfig(ignored, overrides, trustedRegistries, labelSchema, strictLabels, disableIgnorePragma,
                failureThreshold, noFail, rules);
    }
}
