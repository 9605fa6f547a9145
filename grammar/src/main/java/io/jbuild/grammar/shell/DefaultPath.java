package io.jbuild.grammar.shell;

/**
 * The PATH that BuildKit and docker give a Linux build step or container whose image sets none (also what
 * {@code FROM scratch} carries). One home, so the linter's variable scopes, the planner and the executors
 * cannot drift apart.
 */
public final class DefaultPath {

    /** The value: {@code /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin}. */
    public static final String VALUE = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** The environment entry, {@code PATH=} and the value. */
    public static final String ENTRY = "PATH=" + VALUE;

    private DefaultPath() {
    }
}
