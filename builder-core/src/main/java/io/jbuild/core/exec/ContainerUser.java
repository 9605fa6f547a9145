package io.jbuild.core.exec;

import java.util.List;

/**
 * Who the RUN process runs as.
 *
 * @param additionalGids supplementary groups; the primary group is always among them, as BuildKit makes it
 */
public record ContainerUser(long uid, long gid, List<Long> additionalGids) {

    public static final ContainerUser ROOT = new ContainerUser(0, 0, List.of(0L));

    public ContainerUser {
        additionalGids = List.copyOf(additionalGids);
    }
}
