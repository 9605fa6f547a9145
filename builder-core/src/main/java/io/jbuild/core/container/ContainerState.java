package io.jbuild.core.container;

/**
 * A container's last recorded state ({@code state.json}), rewritten atomically at each change. The process's
 * liveness is checked against {@code pid} and its start time, so a state that says running is never trusted alone.
 *
 * @param status     created, running or exited (docker's words)
 * @param exitCode   the last exit code; 0 before the first exit
 * @param startedAt  ISO-8601, empty before the first start
 * @param finishedAt ISO-8601, empty before the first exit
 * @param pid        the container's first process on the host; 0 when not running
 * @param pidStart   that process's start time (epoch milliseconds), so a reused pid is not taken for it
 * @param conmonPid  its monitor's pid; 0 when not running
 */
public record ContainerState(String status, int exitCode, String startedAt, String finishedAt, long pid,
                             long pidStart, long conmonPid) {

    public static final String CREATED = "created";
    public static final String RUNNING = "running";
    public static final String EXITED = "exited";

    static ContainerState created() {
        return new ContainerState(CREATED, 0, "", "", 0, 0, 0);
    }

    public boolean running() {
        return status.equals(RUNNING);
    }
}
