package io.jbuild.maven;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Map parameters given as one property on the command line. Maven cannot turn {@code -Dx=...} into a map, so
 * {@code -Djbuild.buildArgs=A=1,B} is read here: comma-separated {@code KEY=VALUE} pairs, {@code KEY} alone
 * meaning "no value given" (null).
 */
final class PropertyMaps {

    private PropertyMaps() {
    }

    static Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String pair : text.split(",")) {
            String p = pair.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq == 0) {
                throw new IllegalArgumentException("\"" + p + "\" has no key before '='");
            }
            out.put(eq < 0 ? p : p.substring(0, eq).strip(), eq < 0 ? null : p.substring(eq + 1));
        }
        return out;
    }

    /** {@code base} with {@code overrides} on top: the command line wins over the POM. */
    static <V> Map<String, V> merge(Map<String, V> base, Map<String, V> overrides) {
        Map<String, V> out = new LinkedHashMap<>();
        if (base != null) {
            out.putAll(base);
        }
        out.putAll(overrides);
        return out;
    }
}
