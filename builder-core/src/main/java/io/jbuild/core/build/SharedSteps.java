package io.jbuild.core.build;

import io.jbuild.core.buildcache.CachedLayer;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the platforms of one multi-platform build share while they build at the same time: the steps they made (a
 * build that ignores the cache takes a step of the same key from them), and one lock per step key, so that a step
 * several platforms reach with the same key (a native stage's that does not read TARGET*) is made once, by whichever
 * reaches it first, and taken from the cache by the others, as BuildKit builds such a step once.
 */
final class SharedSteps {

    /** Runs one step; what it throws passes through. */
    interface Step<T> {
        T run() throws IOException, Steps.StepException;
    }

    private final Map<String, CachedLayer> made = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final int platforms;

    /** @param platforms how many platforms build at once and share these steps */
    SharedSteps(int platforms) {
        this.platforms = platforms;
    }

    /** True when several platforms share the steps (a step one makes, another may wait for). */
    boolean acrossPlatforms() {
        return platforms > 1;
    }

    /** The layer a step of this key made in this build, if one did. */
    Optional<CachedLayer> made(StepKey key) {
        return Optional.ofNullable(made.get(key.hex()));
    }

    /** Records what a step of this key made. */
    void made(StepKey key, CachedLayer layer) {
        made.putIfAbsent(key.hex(), layer);
    }

    /**
     * Runs {@code step} (its cache lookup and, on a miss, its making) holding the key's lock: another platform with
     * the same step waits, then finds it made. Only one step's lock is held at a time, so no two wait on each other.
     */
    <T> T once(StepKey key, Step<T> step) throws IOException, Steps.StepException {
        ReentrantLock lock = locks.computeIfAbsent(key.hex(), k -> new ReentrantLock());
        lock.lock();
        try {
            return step.run();
        } finally {
            lock.unlock();
        }
    }
}
