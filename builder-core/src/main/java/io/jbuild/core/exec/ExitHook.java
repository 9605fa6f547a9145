package io.jbuild.core.exec;

/**
 * A cleanup that also runs when the JVM exits first (Ctrl-C, SIGTERM): a shutdown hook until its owner has done the
 * cleanup itself and {@linkplain #remove() removed} it.
 */
public final class ExitHook {

    private final Thread thread;

    public ExitHook(String name, Runnable cleanup) {
        thread = new Thread(cleanup, name);
        Runtime.getRuntime().addShutdownHook(thread);
    }

    /** Unregisters the hook; harmless while the JVM is exiting (this hook may be the one running). */
    public void remove() {
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: nothing to remove
        }
    }
}
