package io.jbuild.core.buildcache;

import io.jbuild.grammar.reference.ImageReference;
import java.nio.file.Path;

/** Where a build may find steps built elsewhere ({@code --cache-from}). */
public sealed interface CacheSource {

    /** {@code type=registry,ref=REF}: a cache manifest in a registry (a tag, or a digest). */
    record Registry(ImageReference ref) implements CacheSource {
        @Override
        public String toString() {
            return ref.toString();
        }
    }

    /** {@code type=local,src=DIR[,tag=T|,digest=D]}: a cache in an OCI image layout directory. */
    record Local(Path src, String tag, String digest) implements CacheSource {
        @Override
        public String toString() {
            return src.toString();
        }
    }

    /**
     * Reads one {@code --cache-from} value with buildx's and BuildKit's option names; a bare value is a registry
     * reference.
     *
     * @throws IllegalArgumentException naming the value and what is wrong with it
     */
    static CacheSource parse(String text) {
        CacheSpec spec = CacheSpec.parse("--cache-from", text);
        switch (spec.type()) {
            case "registry" -> {
                spec.only("ref");
                return new Registry(spec.reference());
            }
            case "local" -> {
                spec.only("src", "tag", "digest");
                return new Local(Path.of(spec.required("src", "local cache importer")),
                        spec.attr("tag").orElse("latest"), spec.attr("digest").orElse(null));
            }
            default -> throw spec.invalid("unknown cache importer: \"" + spec.type() + "\" (use registry or local)");
        }
    }
}
