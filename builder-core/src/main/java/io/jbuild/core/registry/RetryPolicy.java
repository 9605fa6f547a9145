package io.jbuild.core.registry;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * How often and how patiently a registry call is repeated after a transient failure (connection reset, 5xx,
 * 429, a body cut short): at most {@code maxAttempts} tries, waiting {@code initialDelay}, then twice as long
 * each time, never more than {@code maxDelay}. Failures that a retry cannot fix (401, 404, bad reference)
 * end at once; see {@link Transience}.
 *
 * @param maxAttempts  tries in all, at least 1
 * @param initialDelay the wait before the second try
 * @param maxDelay     the longest wait between tries
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {

    /** Five tries over about seven seconds: rides out a registry restart or a flaky proxy, then gives up. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(250), Duration.ofSeconds(4));

    /** One try. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (initialDelay.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException("retry delays must not be negative");
        }
    }

    /** The wait before try number {@code attempt} (2 for the first retry). */
    public Duration delayBefore(int attempt) {
        if (attempt <= 1) {
            return Duration.ZERO;
        }
        Duration d = initialDelay;
        for (int i = 2; i < attempt && d.compareTo(maxDelay) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }

    /** One try of a registry call. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code attempt} until it succeeds, fails for good, or the tries are used up.
     *
     * @param what     what is being done, for the listener and the final message ("download sha256:…")
     * @param listener told before each retry
     * @throws IOException a failure a retry cannot fix, as it is; or, when the tries ran out, the last transient
     *                     failure wrapped in a message naming {@code what}
     */
    public <T> T run(String what, Attempt<T> attempt, TransferListener listener) throws IOException {
        for (int n = 1; ; n++) {
            try {
                return attempt.run();
            } catch (IOException e) {
                if (!Transience.isTransient(e)) {
                    throw e;
                }
                if (n >= maxAttempts) {
                    // Transient failures say what went wrong, not what was being done: that is added here.
                    throw new IOException(what + ": " + (n == 1 ? "" : "giving up after " + n + " attempts: ")
                            + Transience.describe(e), e);
                }
                Duration delay = delayBefore(n + 1);
                listener.retrying(what, n + 1, maxAttempts, delay, e);
                sleep(delay);
            }
        }
    }

    private static void sleep(Duration delay) throws InterruptedIOException {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }
}
