package io.jbuild.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Immutable copies for record components; nulls become empty so callers never check. */
final class Copies {

    private Copies() {
    }

    static <T> List<T> list(List<T> list) {
        return list == null || list.isEmpty() ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }

    /** Sorted by key, so that writing is canonical. */
    static <V> SortedMap<String, V> map(Map<String, V> map) {
        return map == null || map.isEmpty()
                ? Collections.emptySortedMap()
                : Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }

    /** Fields the model does not know, kept to be written back; sorted so that writing is canonical. */
    static SortedMap<String, JsonNode> extra(Map<String, JsonNode> extra) {
        return map(extra);
    }

    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
