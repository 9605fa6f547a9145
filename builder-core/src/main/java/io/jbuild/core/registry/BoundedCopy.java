package io.jbuild.core.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * Copies a download's body within its bounds: never more than its size (or {@link TransferLimits#maxBytes}), no
 * read waiting longer than the time-out, and never slower on average than {@link TransferLimits#minBytesPerSecond}
 * once the time-out's worth of grace is over. A watchdog closes the stream when a read blocks past either bound, so
 * a server that stalls or trickles cannot hold the copy; the copy stops reading at the first byte too many, so one
 * that never ends cannot fill the disk.
 */
public final class BoundedCopy {

    private static final int BUFFER = 64 * 1024;
    private static final long MIN_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final InputStream in;
    private final long max;
    private final boolean exact;
    private final TransferLimits limits;
    private final long timeoutNanos;
    private final String what;
    private final long start = System.nanoTime();
    private final AtomicReference<IOException> cutOff = new AtomicReference<>();
    private volatile long received;
    private volatile long lastProgress = start;
    private volatile boolean finished;

    private BoundedCopy(InputStream in, long expectedSize, TransferLimits limits, Duration timeout, String what) {
        this.in = in;
        this.exact = expectedSize >= 0;
        this.max = exact ? expectedSize : limits.maxBytes();
        this.limits = limits;
        this.timeoutNanos = timeout.toNanos();
        this.what = what;
    }

    /**
     * Copies {@code in} to {@code out} (neither is closed, but {@code in} may be closed by the watchdog).
     *
     * @param expectedSize the exact size the body must have, or -1 when unknown (then bounded by the limit)
     * @param timeout      the longest wait for a byte, and the grace before the rate counts
     * @param what         names the transfer in errors, e.g. {@code host/repo:1: download sha256:…}
     * @param progress     told the bytes copied so far
     * @return the bytes copied
     * @throws TransferLimitException after the first byte beyond the size or limit, or when the transfer fell
     *                                below the minimum rate
     * @throws HttpTimeoutException   when no byte came for {@code timeout}
     */
    public static long copy(InputStream in, OutputStream out, long expectedSize, TransferLimits limits,
                            Duration timeout, String what, LongConsumer progress) throws IOException {
        return new BoundedCopy(in, expectedSize, limits, timeout, what).run(out, progress);
    }

    private long run(OutputStream out, LongConsumer progress) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        arm(nextCheck(System.nanoTime()));
        try {
            while (true) {
                int n;
                try {
                    // One byte past the bound is enough to know the body is too long.
                    n = in.read(buffer, 0, (int) Math.min(buffer.length, max - total + 1));
                } catch (IOException e) {
                    IOException why = cutOff.get();
                    if (why != null) {
                        why.addSuppressed(e);
                        throw why;
                    }
                    throw e;
                }
                if (n < 0) {
                    IOException why = cutOff.get();
                    if (why != null) {
                        throw why; // a stream closed under the reader may look like its end
                    }
                    return total;
                }
                total += n;
                if (total > max) {
                    throw tooLarge();
                }
                out.write(buffer, 0, n);
                received = total;
                lastProgress = System.nanoTime();
                progress.accept(total);
                IOException slow = tooSlow(lastProgress);
                if (slow != null) {
                    throw slow;
                }
            }
        } finally {
            finished = true;
        }
    }

    /** The watchdog: wakes when a bound may run out, closes the stream if it did, else sleeps again. */
    private void arm(long atNanos) {
        long delay = Math.max(MIN_CHECK_NANOS, atNanos - System.nanoTime());
        CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS).execute(() -> {
            if (finished) {
                return;
            }
            long now = System.nanoTime();
            IOException why = now - lastProgress > timeoutNanos
                    ? new HttpTimeoutException(what + ": no data for " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
                            + " ms (after " + received + " bytes)")
                    : tooSlow(now);
            if (why == null) {
                arm(nextCheck(now));
                return;
            }
            cutOff.compareAndSet(null, why);
            try {
                in.close(); // wakes the blocked read
            } catch (IOException ignored) {
                // closing is all we wanted; the reader reports why
            }
        });
    }

    /** When a bound runs out if no byte comes: the read time-out, or the rate's allowance for what came so far. */
    private long nextCheck(long now) {
        long at = lastProgress + timeoutNanos + 1;
        long allowance = allowanceNanos(received);
        if (allowance < Long.MAX_VALUE) {
            at = Math.min(at, start + allowance + 1);
        }
        return Math.max(at, now);
    }

    /** How long {@code bytes} may take: the grace, then {@code bytes / minRate}. */
    private long allowanceNanos(long bytes) {
        long rate = limits.minBytesPerSecond();
        if (rate == 0) {
            return Long.MAX_VALUE;
        }
        double seconds = (double) bytes / rate;
        double nanos = timeoutNanos + seconds * 1e9;
        return nanos >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) nanos;
    }

    private IOException tooSlow(long now) {
        long elapsed = now - start;
        long bytes = received;
        if (elapsed <= allowanceNanos(bytes)) {
            return null;
        }
        return new TransferLimitException(String.format(Locale.ROOT, "%s: too slow: %d bytes in %.1f s, below the"
                        + " minimum rate of %d bytes/s (-D%s)", what, bytes, elapsed / 1e9, limits.minBytesPerSecond(),
                TransferLimits.MIN_RATE_PROPERTY));
    }

    private TransferLimitException tooLarge() {
        return new TransferLimitException(exact
                ? what + ": the server sent more than the " + max + " bytes the descriptor says"
                : what + ": larger than the limit of " + max + " bytes (-D" + TransferLimits.MAX_BYTES_PROPERTY + ")");
    }
}
