package io.jbuild.core.exec;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Everything one RUN step has to undo, in two stages: {@link #teardown()} (kill the container, unmount) when the
 * process has ended, {@link #close()} (delete the step's directory, drop its lock) when the caller is done with
 * the upper directory. Each stage runs its actions last-registered first, each action once, all of them even if
 * some fail. A shutdown hook runs whatever is left when the JVM exits (Ctrl-C, SIGTERM) and is removed on close.
 */
final class RunCleanup implements AutoCloseable {

    @FunctionalInterface
    interface Action {
        void run() throws IOException;
    }

    private final Deque<Action> teardown = new ArrayDeque<>();
    private final Deque<Action> onClose = new ArrayDeque<>();
    private final ExitHook hook;
    private boolean closed;

    RunCleanup(String id) {
        hook = new ExitHook("jbuild-cleanup-" + id, this::closeQuietly);
    }

    synchronized void onTeardown(Action action) {
        teardown.push(action);
    }

    synchronized void onClose(Action action) {
        onClose.push(action);
    }

    synchronized void teardown() throws IOException {
        drain(teardown);
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            IOException first = null;
            try {
                drain(teardown);
            } catch (IOException e) {
                first = e;
            }
            try {
                drain(onClose);
            } catch (IOException e) {
                first = first == null ? e : first;
            }
            if (first != null) {
                throw first;
            }
        } finally {
            hook.remove();
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException | RuntimeException e) {
            System.err.println("jbuild: cleanup of a RUN step failed: " + e.getMessage());
        }
    }

    /** Runs and removes the actions; the flag of an interrupted thread is put aside so that waits complete. */
    private static void drain(Deque<Action> actions) throws IOException {
        boolean interrupted = Thread.interrupted();
        IOException first = null;
        try {
            while (!actions.isEmpty()) {
                try {
                    actions.pop().run();
                } catch (IOException | RuntimeException e) {
                    IOException io = e instanceof IOException x ? x : new IOException(e.getMessage(), e);
                    if (first == null) {
                        first = io;
                    } else {
                        first.addSuppressed(io);
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
