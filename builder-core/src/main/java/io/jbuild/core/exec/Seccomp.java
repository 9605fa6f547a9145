package io.jbuild.core.exec;

import java.nio.file.Path;

/** The system call filter of a container ({@code --security-opt seccomp=...}). */
public sealed interface Seccomp {

    /** Where Debian's {@code golang-github-containers-common} (podman's defaults) puts docker's profile. */
    Path SYSTEM_PROFILE = Path.of("/usr/share/containers/seccomp.json");

    /** The default for RUN and {@code jbuild run}. */
    Seccomp DEFAULT = new Default(SYSTEM_PROFILE);

    /**
     * The system's profile with docker's rule that namespaces and mounts need {@code CAP_SYS_ADMIN}: podman's copy
     * allows {@code unshare}, {@code mount}, {@code clone} with namespace flags and the like to everyone, for its
     * nested containers; docker's does not, and neither do we (without the capability a step could make a user
     * namespace and hold every capability in it).
     */
    record Default(Path profile) implements Seccomp {
    }

    /** A profile in docker's format, applied as it is ({@code seccomp=FILE}). */
    record Custom(Path profile) implements Seccomp {
    }

    /** No filter ({@code seccomp=unconfined}). */
    record Unconfined() implements Seccomp {
    }

    /**
     * The value of {@code --security-opt}: {@code seccomp=unconfined} or {@code seccomp=FILE} (docker's
     * {@code seccomp:...} spelling too).
     *
     * @throws IllegalArgumentException for any other option, naming it
     */
    static Seccomp parseSecurityOpt(String option) {
        String value;
        if (option.startsWith("seccomp=") || option.startsWith("seccomp:")) {
            value = option.substring("seccomp=".length());
        } else {
            throw new IllegalArgumentException("unsupported --security-opt \"" + option
                    + "\" (seccomp=unconfined or seccomp=FILE)");
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException("--security-opt \"" + option + "\" names no profile");
        }
        return value.equals("unconfined") ? new Unconfined() : new Custom(Path.of(value));
    }
}
