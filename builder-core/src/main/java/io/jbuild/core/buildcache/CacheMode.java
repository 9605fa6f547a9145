package io.jbuild.core.buildcache;

/** Which steps an export carries, as BuildKit's {@code mode=}. */
public enum CacheMode {
    /** The steps whose layers are in the built image (BuildKit's default). */
    MIN,
    /** Every step of every stage built, builder stages included. */
    MAX
}
