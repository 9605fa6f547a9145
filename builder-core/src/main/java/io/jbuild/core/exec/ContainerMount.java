package io.jbuild.core.exec;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A mount of a RUN step, with its source resolved on the host ({@link RunMounts#toContainerMount} makes one from a
 * {@code --mount} flag). Nothing mounted enters the step's layer.
 */
public sealed interface ContainerMount {

    /** Absolute path in the container. */
    String target();

    /** How concurrent builds use one cache ({@code sharing=}). */
    enum Sharing {
        /** all at once */
        SHARED,
        /** one at a time; the others wait */
        LOCKED,
        /** each gets its own directory when the cache is busy */
        PRIVATE
    }

    /**
     * A persistent directory kept between builds under the executor's cache root, keyed by {@code id}.
     *
     * @param mode the directory's mode when it is first made (BuildKit's default 0755), as are uid and gid
     */
    record Cache(String target, String id, Sharing sharing, boolean readOnly, int mode, long uid, long gid)
            implements ContainerMount {
        public Cache {
            requireTarget(target);
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(sharing, "sharing");
        }
    }

    /**
     * A host directory or file (from the context, a stage or an image). Writable binds get a throw-away overlay,
     * as in BuildKit: the step can write there, the source never changes.
     */
    record Bind(String target, Path source, boolean readOnly) implements ContainerMount {
        public Bind {
            requireTarget(target);
            Objects.requireNonNull(source, "source");
        }
    }

    /** A fresh tmpfs; {@code sizeBytes} 0 for the kernel's default. */
    record Tmpfs(String target, long sizeBytes) implements ContainerMount {
        public Tmpfs {
            requireTarget(target);
        }
    }

    /**
     * A secret file, copied to a tmpfs of the step (never to disk) and bind-mounted read-only.
     *
     * @param mode BuildKit's default is 0400, owned by root
     */
    record Secret(String target, Path source, int mode, long uid, long gid) implements ContainerMount {
        public Secret {
            requireTarget(target);
            Objects.requireNonNull(source, "source");
        }
    }

    private static void requireTarget(String target) {
        if (target == null || !target.startsWith("/") || target.equals("/")) {
            throw new IllegalArgumentException("a mount target must be an absolute path other than /: \"" + target
                    + "\"");
        }
    }
}
