package io.jbuild.core.buildcache;

import java.time.Duration;
import java.util.List;

/**
 * How an import or export reports itself, as BuildKit shows it in a build's progress: a task of its own
 * ({@code importing cache manifest from REF}, {@code exporting cache to registry}), what it wrote, and its time.
 */
@FunctionalInterface
public interface CacheProgress {

    CacheProgress SILENT = (name, lines, took) -> { };

    void task(String name, List<String> lines, Duration took);
}
