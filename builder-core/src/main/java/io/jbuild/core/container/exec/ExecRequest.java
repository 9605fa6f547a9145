package io.jbuild.core.container.exec;

import java.util.List;
import java.util.Objects;

/**
 * {@code jbuild exec [-i] [-t] [-d] [-e K[=V]]... [-u USER] [-w DIR] C CMD...}.
 *
 * @param env     {@code K=V} set or override the container's; a bare {@code K} takes this process's value (and is
 *                left out when it has none), as docker's client does
 * @param user    null: the container's own user; else resolved in the container's /etc/passwd and /etc/group
 * @param workdir null: the container's working directory; else an absolute path
 */
public record ExecRequest(List<String> command, List<String> env, String user, String workdir, boolean stdin,
                          boolean tty, boolean detach) {

    public ExecRequest {
        command = List.copyOf(command);
        env = List.copyOf(env);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("exec needs a command to run in the container");
        }
    }

    /** {@code exec C CMD...} with nothing else. */
    public static ExecRequest of(String... command) {
        return new ExecRequest(List.of(command), List.of(), null, null, false, false, false);
    }

    public ExecRequest withEnv(List<String> e) {
        return new ExecRequest(command, Objects.requireNonNull(e), user, workdir, stdin, tty, detach);
    }

    public ExecRequest withUser(String u) {
        return new ExecRequest(command, env, u, workdir, stdin, tty, detach);
    }

    public ExecRequest withWorkdir(String w) {
        return new ExecRequest(command, env, user, w, stdin, tty, detach);
    }

    public ExecRequest detached() {
        return new ExecRequest(command, env, user, workdir, stdin, tty, true);
    }
}
