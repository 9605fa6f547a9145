package io.jbuild.core.registry;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * An answer's headers, looked up by name in any case. Not the JDK's {@code HttpHeaders}: making one runs the JDK's
 * own lambdas, whose first link sets up {@code java.lang.invoke} (~10 ms of a short command) though
 * {@link PlainHttp} never needs the JDK's client.
 */
final class ResponseHeaders {

    private final Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    /** @param headers values by name, each name once in any case (both callers' maps ignore case already) */
    ResponseHeaders(Map<String, List<String>> headers) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            byName.put(e.getKey(), List.copyOf(e.getValue()));
        }
    }

    /** The headers of an answer of the JDK's client (HTTPS). */
    static ResponseHeaders of(HttpHeaders jdk) {
        return new ResponseHeaders(jdk.map());
    }

    List<String> allValues(String name) {
        List<String> values = byName.get(name);
        return values == null ? List.of() : values;
    }

    Optional<String> firstValue(String name) {
        List<String> values = allValues(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** @throws NumberFormatException when the first value is not a number, as the JDK's headers do */
    OptionalLong firstValueAsLong(String name) {
        Optional<String> value = firstValue(name);
        return value.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value.get()));
    }
}
