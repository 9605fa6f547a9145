package io.jbuild.core.container.cp;

import java.io.IOException;

/**
 * Holds a running container's processes still while a copy works on its file system, as {@code podman cp} does
 * by default: the container's paths are resolved inside its root once, and a process swapping a directory for a
 * symlink between that resolution and our use of the path (CVE-2018-15664's symlink-exchange race) could otherwise
 * lead the copy to the host's files. Below the path resolved, {@link TreeReader} opens nothing through a link
 * anyway; the path itself needs the container still.
 */
@FunctionalInterface
public interface Freezer {

    /** For a stopped container, or a root nothing runs in. */
    Freezer NONE = () -> () -> { };

    /** Freezes the container until the returned handle is closed. */
    Frozen freeze() throws IOException;

    /** A frozen container; closing thaws it. */
    interface Frozen extends AutoCloseable {
        @Override
        void close() throws IOException;
    }
}
