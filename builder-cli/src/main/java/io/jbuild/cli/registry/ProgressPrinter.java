package io.jbuild.cli.registry;

import io.jbuild.cli.image.HumanUnits;
import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.registry.TransferListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Transfer progress as lines on standard error, docker-like ({@code 3f1c2a9b7d0e: Pushed}): one line when a blob
 * starts, one at each quarter of blobs over 1 MB, one when it is done or skipped; and retries and warnings. Lines
 * only, no cursor movement, so logs and pipes read well. Thread-safe: transfers report from several threads.
 */
final class ProgressPrinter implements TransferListener {

    private static final long QUARTERS_FROM = 1_000_000;

    private final PrintWriter err;
    private final boolean push;
    private final Map<Digest, Integer> quartersShown = new ConcurrentHashMap<>();

    ProgressPrinter(PrintWriter err, boolean push) {
        this.err = err;
        this.push = push;
    }

    @Override
    public synchronized void blobStarted(Descriptor blob) {
        quartersShown.put(blob.digest(), 0);
        line(blob, (push ? "Pushing " : "Downloading ") + HumanUnits.size(blob.size()));
    }

    @Override
    public void blobProgress(Descriptor blob, long transferred) {
        if (blob.size() < QUARTERS_FROM) {
            return;
        }
        int quarter = (int) Math.min(3, transferred * 4 / blob.size());
        synchronized (this) {
            if (quarter > quartersShown.getOrDefault(blob.digest(), 0)) {
                quartersShown.put(blob.digest(), quarter);
                line(blob, (push ? "Pushing " : "Downloading ") + quarter * 25 + "% of " + HumanUnits.size(blob.size()));
            }
        }
    }

    @Override
    public synchronized void blobDone(Descriptor blob) {
        line(blob, push ? "Pushed" : "Pull complete");
    }

    @Override
    public synchronized void blobSkipped(Descriptor blob, Skipped why, String mountedFrom) {
        line(blob, switch (why) {
            case IN_STORE -> "Already exists";
            case ON_REGISTRY -> "Layer already exists";
            case MOUNTED -> "Mounted from " + mountedFrom;
        });
    }

    @Override
    public synchronized void retrying(String what, int attempt, int maxAttempts, Duration delay, Exception cause) {
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getMessage().strip().replaceAll("\\s*\\n\\s*", " ");
        err.println("Retrying in " + delay.toMillis() + "ms (attempt " + attempt + " of " + maxAttempts + "): "
                + what + ": " + reason);
        err.flush();
    }

    @Override
    public synchronized void warning(String message) {
        err.println("WARNING: " + message);
        err.flush();
    }

    private void line(Descriptor blob, String text) {
        err.println(blob.digest().shortHex() + ": " + text);
        err.flush();
    }
}
