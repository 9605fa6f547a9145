package io.jbuild.core.exec;

import java.util.List;
import java.util.Objects;

/**
 * What one RUN step runs, with everything already decided by the build (variables expanded, SHELL applied).
 *
 * @param layers   the image's layers as diff IDs, bottom first (an image config's {@code rootfs.diff_ids}); each
 *                 must be unpacked in the executor's snapshot store; empty for {@code FROM scratch}
 * @param args     the process: an exec form's words, or the shell and the command for a shell form
 *                 ({@code ["/bin/sh", "-c", "make all"]})
 * @param env      {@code KEY=value} entries: image ENV and the ARGs in scope; PATH gets docker's default if absent
 * @param workdir  absolute; created (root-owned, 0755) if missing, as docker does, and kept in the layer
 * @param user     the USER value, resolved in the container's /etc/passwd and /etc/group ({@link UserResolver})
 * @param hostname the container's host name (BuildKit's is {@code buildkitsandbox})
 * @param network  the container's network: its own through slirp4netns, the host's, or none
 * @param mounts   RUN --mount mounts, resolved
 * @param seccomp  the system call filter
 */
public record RunSpec(List<String> layers, List<String> args, List<String> env, String workdir, String user,
                      String hostname, NetworkMode network, List<ContainerMount> mounts, Seccomp seccomp) {

    public static final String DEFAULT_HOSTNAME = "buildkitsandbox";

    public RunSpec {
        layers = List.copyOf(layers);
        args = List.copyOf(args);
        env = List.copyOf(env);
        mounts = List.copyOf(mounts);
        if (args.isEmpty()) {
            throw new IllegalArgumentException("a RUN step needs a command");
        }
        workdir = workdir == null || workdir.isEmpty() ? "/" : workdir;
        if (!workdir.startsWith("/")) {
            throw new IllegalArgumentException("the working directory must be absolute: \"" + workdir + "\"");
        }
        user = user == null ? "" : user;
        hostname = hostname == null || hostname.isEmpty() ? DEFAULT_HOSTNAME : hostname;
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(seccomp, "seccomp");
    }

    /** With docker's default seccomp filter. */
    public RunSpec(List<String> layers, List<String> args, List<String> env, String workdir, String user,
                   String hostname, NetworkMode network, List<ContainerMount> mounts) {
        this(layers, args, env, workdir, user, hostname, network, mounts, Seccomp.DEFAULT);
    }

    /** Root in {@code /}, no environment, a private network, no mounts, docker's seccomp filter. */
    public static RunSpec of(List<String> layers, List<String> args) {
        return new RunSpec(layers, args, List.of(), "/", "", DEFAULT_HOSTNAME, NetworkMode.PRIVATE, List.of());
    }

    public RunSpec withEnv(List<String> value) {
        return new RunSpec(layers, args, value, workdir, user, hostname, network, mounts, seccomp);
    }

    public RunSpec withWorkdir(String value) {
        return new RunSpec(layers, args, env, value, user, hostname, network, mounts, seccomp);
    }

    public RunSpec withUser(String value) {
        return new RunSpec(layers, args, env, workdir, value, hostname, network, mounts, seccomp);
    }

    public RunSpec withHostname(String value) {
        return new RunSpec(layers, args, env, workdir, user, value, network, mounts, seccomp);
    }

    public RunSpec withNetwork(NetworkMode value) {
        return new RunSpec(layers, args, env, workdir, user, hostname, value, mounts, seccomp);
    }

    public RunSpec withMounts(List<ContainerMount> value) {
        return new RunSpec(layers, args, env, workdir, user, hostname, network, value, seccomp);
    }

    public RunSpec withSeccomp(Seccomp value) {
        return new RunSpec(layers, args, env, workdir, user, hostname, network, mounts, value);
    }
}
