package io.jbuild.core.exec;

import java.util.concurrent.TimeUnit;

/** Ending the helper processes the executor starts (runc, slirp4netns, the owner watch) without ever hanging. */
final class Processes {

    private Processes() {
    }

    /** Waits up to {@code seconds} for {@code p} to end; tells whether it has. An interrupt ends the wait early. */
    static boolean waitFor(Process p, int seconds) {
        try {
            return p.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }

    /** Gives {@code p} {@code graceSeconds} to end by itself, then kills it and waits a little for it to go. */
    static void awaitOrKill(Process p, int graceSeconds) {
        if (!waitFor(p, graceSeconds)) {
            p.destroyForcibly();
            waitFor(p, 5);
        }
    }
}
