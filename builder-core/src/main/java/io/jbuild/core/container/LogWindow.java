package io.jbuild.core.container;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time window of {@code logs --since/--until}: entries at or after {@code since} and at or before {@code until}
 * (null for no bound). Values are read as docker's client reads them: a Go duration back from now ({@code 10m},
 * {@code 1h30m}, {@code 1.5h}), Unix seconds with an optional fraction ({@code 1700000000.5}), or an RFC 3339 date
 * and time, each part after the date optional ({@code 2024-05-01}, {@code 2024-05-01T13}, {@code 2024-05-01T13:04},
 * {@code ...:05.25}), in the local time zone unless it names one ({@code Z}, {@code +02:00}).
 */
public record LogWindow(Instant since, Instant until) {

    public static final LogWindow ALL = new LogWindow(null, null);

    private static final Pattern DURATION = Pattern.compile("[-+]?(?:(?:\\d+\\.?\\d*|\\.\\d+)(?:ns|us|µs|μs|ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
    private static final Pattern UNIX = Pattern.compile("(\\d+)(?:\\.(\\d{1,9}))?");
    private static final Pattern TIME = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})(?:T(\\d{2})(?::(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?)?)?([zZ]|[+-]\\d{2}:\\d{2})?");

    /** Whether an entry written at {@code time} is in the window. */
    public boolean contains(Instant time) {
        return (since == null || !time.isBefore(since)) && (until == null || !time.isAfter(until));
    }

    /** Whether an entry written at {@code time} is past the window's end: following stops there. */
    public boolean after(Instant time) {
        return until != null && time.isAfter(until);
    }

    /**
     * Reads a {@code --since} or {@code --until} value ({@code flag} without dashes, for the message); null or empty
     * for no bound.
     *
     * @throws IllegalArgumentException with docker's words, {@code invalid value for "since": ...}
     */
    public static Instant parse(String flag, String value, Instant now, ZoneId zone) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return instant(value, now, zone);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid value for \"" + flag + "\": " + e.getMessage(), e);
        }
    }

    private static Instant instant(String value, Instant now, ZoneId zone) {
        if (!value.equals("0") && DURATION.matcher(value).matches()) {
            return now.minusNanos(durationNanos(value));
        }
        Matcher t = TIME.matcher(value);
        if (t.matches()) {
            return time(t, value, zone);
        }
        if (value.contains("-")) {
            // docker's parser took it for a date and time and names what it could not read
            throw new IllegalArgumentException("parsing time \"" + value + "\": not a date and time as"
                    + " 2006-01-02[T15[:04[:05[.999999999]]]][Z07:00]");
        }
        Matcher u = UNIX.matcher(value);
        if (u.matches()) {
            String fraction = u.group(2) == null ? "" : u.group(2);
            return Instant.ofEpochSecond(Long.parseLong(u.group(1)),
                    fraction.isEmpty() ? 0 : Long.parseLong((fraction + "00000000").substring(0, 9)));
        }
        throw new IllegalArgumentException("failed to parse value as time or duration: \"" + value + "\"");
    }

    private static long durationNanos(String value) {
        boolean negative = value.startsWith("-");
        BigDecimal total = BigDecimal.ZERO;
        Matcher m = PART.matcher(value);
        while (m.find()) {
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            total = total.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
        }
        long nanos = total.longValue();
        return negative ? -nanos : nanos;
    }

    private static Instant time(Matcher t, String value, ZoneId zone) {
        int[] limits = {0, 12, 31, 23, 59, 59};
        String[] names = {"year", "month", "day", "hour", "minute", "second"};
        int[] parts = new int[6];
        for (int i = 0; i < 6; i++) {
            String g = t.group(i + 1);
            parts[i] = g == null ? 0 : Integer.parseInt(g);
            if (i > 0 && g != null && (parts[i] > limits[i] || (i < 3 && parts[i] == 0))) {
                throw new IllegalArgumentException("parsing time \"" + value + "\": " + names[i] + " out of range");
            }
        }
        String fraction = t.group(7) == null ? "0" : (t.group(7) + "00000000").substring(0, 9);
        try {
            LocalDateTime local = LocalDateTime.of(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5],
                    Integer.parseInt(fraction));
            String z = t.group(8);
            if (z == null) {
                return local.atZone(zone).toInstant();
            }
            return local.toInstant(z.equalsIgnoreCase("z") ? ZoneOffset.UTC : ZoneOffset.of(z));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("parsing time \"" + value + "\": day out of range", e);
        }
    }
}
