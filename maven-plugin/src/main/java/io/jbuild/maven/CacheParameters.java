package io.jbuild.maven;

import io.jbuild.core.buildcache.CacheSource;
import io.jbuild.core.buildcache.CacheTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code cacheFrom} / {@code cacheTo} parameters: {@code docker build --cache-from/--cache-to} values separated by
 * {@code ;} (one string: Maven splits a list property at commas, and every value has some); a local cache's
 * relative directory is the project's.
 */
final class CacheParameters {

    private CacheParameters() {
    }

    static List<CacheSource> sources(String text, Path base) {
        List<CacheSource> out = new ArrayList<>();
        for (String spec : split(text)) {
            CacheSource s = CacheSource.parse(spec);
            out.add(s instanceof CacheSource.Local l ? new CacheSource.Local(base.resolve(l.src()), l.tag(), l.digest())
                    : s);
        }
        return out;
    }

    static List<CacheTarget> targets(String text, Path base) {
        List<CacheTarget> out = new ArrayList<>();
        for (String spec : split(text)) {
            CacheTarget t = CacheTarget.parse(spec);
            out.add(t instanceof CacheTarget.Local l
                    ? new CacheTarget.Local(base.resolve(l.dest()), l.tag(), l.mode(), l.ignoreError(),
                    l.mounts()) : t);
        }
        return out;
    }

    private static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        if (text != null) {
            for (String spec : text.split(";")) {
                if (!spec.isBlank()) {
                    out.add(spec.strip());
                }
            }
        }
        return out;
    }
}
