package io.jbuild.core.registry;

import java.util.Locale;

/**
 * Bounds on one download (a registry blob, or {@code ADD https://…}), so that a hostile or broken server can hold
 * neither the disk nor the clock for ever: a server that sends more than announced, or trickles, is cut off.
 *
 * @param minBytesPerSecond the slowest average rate a transfer may keep once its grace period (the request
 *                          time-out) is over: after {@code t} seconds it must have received
 *                          {@code (t - grace) × minBytesPerSecond} bytes; 0 for no minimum
 * @param maxBytes          the most a download without a descriptor size may bring ({@code ADD} of a URL), and
 *                          the largest blob a descriptor may announce
 */
public record TransferLimits(long minBytesPerSecond, long maxBytes) {

    /** The system property that sets {@link #minBytesPerSecond} ({@code 10k}, {@code 1m}, {@code 0}). */
    public static final String MIN_RATE_PROPERTY = "jbuild.transfer.minRate";
    /** The system property that sets {@link #maxBytes} ({@code 64g}, {@code 500m}). */
    public static final String MAX_BYTES_PROPERTY = "jbuild.transfer.maxBytes";

    /**
     * 10 KiB/s: far below any working link (a trickling server sends bytes a second), yet a pull that gets less
     * on average has stalled in all but name.
     */
    public static final long DEFAULT_MIN_RATE = 10 * 1024;
    /** 64 GiB, the largest layer a build unpacks. */
    public static final long DEFAULT_MAX_BYTES = 64L << 30;

    public static final TransferLimits DEFAULT = new TransferLimits(DEFAULT_MIN_RATE, DEFAULT_MAX_BYTES);

    public TransferLimits {
        if (minBytesPerSecond < 0) {
            throw new IllegalArgumentException("the minimum transfer rate must not be negative, got "
                    + minBytesPerSecond);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("the maximum download size must be positive, got " + maxBytes);
        }
    }

    /**
     * The defaults, or what the system properties {@value #MIN_RATE_PROPERTY} and {@value #MAX_BYTES_PROPERTY}
     * say ({@code JBUILD_JAVA_OPTS="-Djbuild.transfer.minRate=1m"}).
     *
     * @throws IllegalArgumentException naming the property when its value is not a size
     */
    public static TransferLimits fromSystemProperties() {
        return new TransferLimits(size(MIN_RATE_PROPERTY, DEFAULT_MIN_RATE), size(MAX_BYTES_PROPERTY,
                DEFAULT_MAX_BYTES));
    }

    private static long size(String property, long fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return parseSize(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + property + "=" + value + ": " + e.getMessage(), e);
        }
    }

    /** {@code 123}, {@code 10k}, {@code 5m}, {@code 2g} (binary units, case-insensitive, an optional {@code b}). */
    static long parseSize(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.endsWith("b")) {
            s = s.substring(0, s.length() - 1);
        }
        int shift = 0;
        if (!s.isEmpty()) {
            switch (s.charAt(s.length() - 1)) {
                case 'k' -> shift = 10;
                case 'm' -> shift = 20;
                case 'g' -> shift = 30;
                default -> shift = 0;
            }
        }
        if (shift > 0) {
            s = s.substring(0, s.length() - 1);
        }
        long n;
        try {
            n = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a size (a number with an optional k, m or g)");
        }
        if (n < 0 || n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("out of range");
        }
        return n << shift;
    }
}
