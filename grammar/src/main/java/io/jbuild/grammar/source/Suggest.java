package io.jbuild.grammar.source;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...?": BuildKit's suggestion search (Levenshtein distance under 3, closest first). */
public final class Suggest {

    private Suggest() {
    }

    /** The option closest to {@code value}, if one is near; none when {@code value} itself is an option. */
    public static Optional<String> search(String value, Collection<String> options, boolean caseSensitive) {
        String v = caseSensitive ? value : value.toLowerCase(Locale.ROOT);
        String match = null;
        int minDist = 3;
        for (String option : options) {
            String o = caseSensitive ? option : option.toLowerCase(Locale.ROOT);
            if (o.equals(v)) {
                return Optional.empty();
            }
            int d = distance(v, o);
            if (d < minDist) {
                match = caseSensitive ? option : matchCase(o, value);
                minDist = d;
            }
        }
        return Optional.ofNullable(match);
    }

    private static String matchCase(String candidate, String original) {
        if (original.equals(original.toLowerCase(Locale.ROOT))) {
            return candidate.toLowerCase(Locale.ROOT);
        }
        if (original.equals(original.toUpperCase(Locale.ROOT))) {
            return candidate.toUpperCase(Locale.ROOT);
        }
        return candidate;
    }

    public static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
