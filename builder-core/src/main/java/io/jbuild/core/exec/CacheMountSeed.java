package io.jbuild.core.exec;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Fills a {@code RUN --mount=type=cache} directory that is new or empty before a step first uses it: a build with
 * {@code --cache-from} seeds it with the contents another machine exported ({@code --cache-to ...,mounts=ID}).
 */
@FunctionalInterface
public interface CacheMountSeed {

    /** Seeds nothing: a new cache starts empty. */
    CacheMountSeed NONE = (id, dir) -> false;

    /**
     * Writes the contents known for cache {@code id} into {@code dir} (empty, and private to this call).
     *
     * @return whether it wrote them; false (nothing known, or they could not be had, which the seed reports itself)
     *         leaves the cache empty
     */
    boolean fill(String id, Path dir) throws IOException;
}
