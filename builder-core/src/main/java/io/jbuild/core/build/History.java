package io.jbuild.core.build;

import io.jbuild.grammar.gotext.GoText;
import io.jbuild.core.image.ContainerConfig;
import io.jbuild.grammar.ast.KeyValue;
import java.math.BigInteger;
import java.util.List;

/**
 * The Go formats of history entries' {@code created_by} texts, as BuildKit's Dockerfile frontend writes them (its
 * {@code commitToHistory} messages): Go's {@code %q} for CMD/ENTRYPOINT, {@code %v} for lists, {@code %+v} for
 * HEALTHCHECK. Each instruction writes its own line with them (config steps in {@link ConfigStep}, COPY/ADD in
 * {@link CopyStep}, RUN in {@link RunStep}), so {@code docker history} and tools that read it show the same lines
 * for the same Dockerfile.
 */
final class History {

    private History() {
    }

    static String pairs(List<KeyValue> pairs) {
        StringBuilder b = new StringBuilder();
        pairs.forEach(kv -> b.append(' ').append(kv.key()).append('=').append(kv.value()));
        return b.toString();
    }

    /** Go's {@code %q} of a string slice: {@code ["a" "b c"]}. */
    static String quoted(List<String> values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            b.append(i == 0 ? "" : " ").append(GoText.quote(values.get(i)));
        }
        return b.append(']').toString();
    }

    /** Go's {@code %v} of a string slice: {@code [a b c]}. */
    static String list(List<String> values) {
        return "[" + String.join(" ", values) + "]";
    }

    /** Go's {@code %+v} of the image spec's HealthcheckConfig (zero durations print as {@code 0s}). */
    static String healthcheck(ContainerConfig.Healthcheck h) {
        List<String> test = h == null || h.test() == null ? List.of() : h.test();
        return "{Test:" + list(test)
                + " Interval:" + goDuration(h == null ? null : h.interval())
                + " Timeout:" + goDuration(h == null ? null : h.timeout())
                + " StartPeriod:" + goDuration(h == null ? null : h.startPeriod())
                + " StartInterval:" + goDuration(h == null ? null : h.startInterval())
                + " Retries:" + (h == null || h.retries() == null ? 0 : h.retries()) + "}";
    }

    /** Go's {@code time.Duration.String()} of a number of nanoseconds: {@code 1m30s}, {@code 1.5s}, {@code 500ms}. */
    static String goDuration(Long nanos) {
        long n = nanos == null ? 0 : nanos;
        if (n == 0) {
            return "0s";
        }
        boolean negative = n < 0;
        // Long.MIN_VALUE has no positive counterpart; Go prints it through unsigned arithmetic, as here.
        BigInteger u = BigInteger.valueOf(n).abs();
        StringBuilder out = new StringBuilder();
        if (u.compareTo(BigInteger.valueOf(1_000_000_000L)) < 0) {
            long v = u.longValue();
            String unit;
            int digits;
            if (v < 1_000) {
                return (negative ? "-" : "") + v + "ns";
            } else if (v < 1_000_000) {
                unit = "µs";
                digits = 3;
            } else {
                unit = "ms";
                digits = 6;
            }
            out.append(fraction(v, digits)).append(unit);
        } else {
            BigInteger[] sec = u.divideAndRemainder(BigInteger.valueOf(1_000_000_000L));
            long seconds = sec[0].longValue();
            long frac = sec[1].longValue();
            String s = fraction(seconds % 60 * 1_000_000_000L + frac, 9);
            long minutes = seconds / 60;
            if (minutes > 0) {
                long hours = minutes / 60;
                out.append(hours > 0 ? hours + "h" : "").append(minutes % 60).append('m');
            }
            out.append(s).append('s');
        }
        return (negative ? "-" : "") + out;
    }

    /** {@code value / 10^digits} with the fraction's trailing zeros (and a bare point) dropped. */
    private static String fraction(long value, int digits) {
        long scale = (long) Math.pow(10, digits);
        long whole = value / scale;
        String frac = String.format("%0" + digits + "d", value % scale).replaceAll("0+$", "");
        return frac.isEmpty() ? Long.toString(whole) : whole + "." + frac;
    }
}
