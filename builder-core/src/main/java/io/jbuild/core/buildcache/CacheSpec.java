package io.jbuild.core.buildcache;

import io.jbuild.grammar.reference.ImageReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code --cache-to} or {@code --cache-from} value split as buildx splits it: comma-separated {@code key=value}
 * fields, keys in lower case, {@code type} apart. Attributes BuildKit knows but jbuild has no use for are accepted
 * and ignored, as BuildKit ignores what an exporter does not read; any other key is refused, so a typo is not a
 * silent no-op. {@code mounts} may be given more than once (a list in a comma-separated value: one id a field,
 * as cache ids hold {@code /}, {@code :} and {@code ;}, the last being the Maven parameters' separator).
 *
 * @param option the flag, for messages ({@code --cache-to})
 * @param text   the value as given
 * @param mounts every {@code mounts=} value, in order, each once
 */
record CacheSpec(String option, String text, String type, Map<String, String> attrs, List<String> mounts) {

    /** BuildKit's cache attributes that change nothing here (jbuild writes OCI media types and image manifests). */
    private static final Set<String> IGNORED = Set.of("oci-mediatypes", "image-manifest", "compression",
            "compression-level", "force-compression", "store", "name");

    /** Splits {@code text}; a value without {@code =} is a registry reference, as buildx reads it. */
    static CacheSpec parse(String option, String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("invalid " + option + " \"\": empty value");
        }
        if (!text.contains("=")) {
            return new CacheSpec(option, text, "registry", Map.of("ref", text.strip()), List.of());
        }
        String type = null;
        Map<String, String> attrs = new LinkedHashMap<>();
        List<String> mounts = new ArrayList<>();
        for (String field : text.split(",", -1)) {
            int eq = field.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("invalid " + option + " \"" + text + "\": invalid value " + field);
            }
            String key = field.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = field.substring(eq + 1).strip();
            if (key.equals("type")) {
                type = value;
            } else if (key.equals("mounts")) {
                if (value.isEmpty()) {
                    throw new IllegalArgumentException("invalid " + option + " \"" + text + "\": mounts= needs a"
                            + " cache mount id");
                }
                if (!mounts.contains(value)) {
                    mounts.add(value);
                }
                attrs.put(key, value);
            } else {
                attrs.put(key, value);
            }
        }
        if (type == null || type.isEmpty()) {
            throw new IllegalArgumentException("invalid " + option + ": type required form> \"" + text + "\"");
        }
        return new CacheSpec(option, text, type, Map.copyOf(attrs), List.copyOf(mounts));
    }

    /** Refuses an attribute other than {@code allowed} (and BuildKit's ignored ones). */
    void only(String... allowed) {
        Set<String> known = Set.of(allowed);
        for (String key : attrs.keySet()) {
            if (!known.contains(key) && !IGNORED.contains(key)) {
                throw invalid("unknown attribute \"" + key + "\" for type=" + type + " (use " + String.join(", ",
                        allowed) + ")");
            }
        }
    }

    Optional<String> attr(String key) {
        return Optional.ofNullable(attrs.get(key)).filter(v -> !v.isEmpty());
    }

    /** A required attribute; its absence is BuildKit's "requires" error. */
    String required(String key, String what) {
        return attr(key).orElseThrow(() -> invalid(what + " requires " + key));
    }

    /** The {@code ref} of a registry cache; without a tag, {@code latest}, as BuildKit reads it. */
    ImageReference reference() {
        String ref = required("ref", "registry cache");
        try {
            return ImageReference.parse(ref);
        } catch (IllegalArgumentException e) {
            throw invalid("ref " + e.getMessage());
        }
    }

    CacheMode mode() {
        String mode = attrs.getOrDefault("mode", "min");
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "min" -> CacheMode.MIN;
            case "max" -> CacheMode.MAX;
            default -> throw invalid("invalid cache mode: " + mode + " (use min or max)");
        };
    }

    boolean ignoreError() {
        String v = attrs.getOrDefault("ignore-error", "false");
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1", "t" -> true;
            case "false", "0", "f" -> false;
            default -> throw invalid("invalid ignore-error value \"" + v + "\": use true or false");
        };
    }

    IllegalArgumentException invalid(String why) {
        return new IllegalArgumentException("invalid " + option + " \"" + text + "\": " + why);
    }
}
