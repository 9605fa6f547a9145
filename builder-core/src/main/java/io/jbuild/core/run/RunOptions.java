package io.jbuild.core.run;

import io.jbuild.core.exec.ContainerMount;
import io.jbuild.core.exec.NetworkMode;
import io.jbuild.core.exec.Seccomp;
import java.util.List;
import java.util.Optional;

/**
 * What {@code jbuild run} is asked, with {@code docker run}'s meanings.
 *
 * @param image      a reference or image ID in the store
 * @param command    arguments after the image: they replace the image's CMD
 * @param entrypoint {@code --entrypoint}: replaces the image's ENTRYPOINT (and then its CMD is not used)
 * @param env        {@code -e K=V} values, added to (and overriding) the image's ENV
 * @param user       {@code --user}; the image's USER when empty
 * @param workdir    {@code -w}; the image's WORKDIR when empty
 * @param mounts     {@code -v HOST:CONTAINER[:ro]} binds
 * @param network    private (its own, with outbound access), host or none
 * @param seccomp    {@code --security-opt seccomp=}: docker's default filter unless said otherwise
 */
public record RunOptions(String image, List<String> command, Optional<String> entrypoint, List<String> env,
                         Optional<String> user, Optional<String> workdir, List<ContainerMount> mounts,
                         NetworkMode network, Seccomp seccomp) {

    public RunOptions {
        command = List.copyOf(command);
        env = List.copyOf(env);
        mounts = List.copyOf(mounts);
        seccomp = seccomp == null ? Seccomp.DEFAULT : seccomp;
    }

    /** With docker's default seccomp filter. */
    public RunOptions(String image, List<String> command, Optional<String> entrypoint, List<String> env,
                      Optional<String> user, Optional<String> workdir, List<ContainerMount> mounts,
                      NetworkMode network) {
        this(image, command, entrypoint, env, user, workdir, mounts, network, Seccomp.DEFAULT);
    }
}
