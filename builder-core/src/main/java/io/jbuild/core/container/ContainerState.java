package io.jbuild.core.container;

import io.jbuild.core.container.ports.PortMapping;
import java.util.List;

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
 * @param ports      the {@code -p} mappings as published while running, with the host ports actually bound (a port
 *                   0 or a range resolved); empty when not running, as docker shows a stopped container's
 * @param error      why the last start failed (docker's {@code State.Error}); empty after a start that worked
 */
public record ContainerState(String status, int exitCode, String startedAt, String finishedAt, long pid,
                             long pidStart, long conmonPid, List<PortMapping> ports, String error) {

    public static final String CREATED = "created";
    public static final String RUNNING = "running";
    public static final String EXITED = "exited";

    static ContainerState created() {
        return new ContainerState(CREATED, 0, "", "", 0, 0, 0, List.of(), "");
    }

    public ContainerState {
        ports = ports == null ? List.of() : List.copyOf(ports); // state files of before ports were published
        error = error == null ? "" : error; // and of before errors were kept
    }

    public boolean running() {
        return status.equals(RUNNING);
    }
}
