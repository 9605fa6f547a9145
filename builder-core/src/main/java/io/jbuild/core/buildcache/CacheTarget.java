package io.jbuild.core.buildcache;

import io.jbuild.grammar.reference.ImageReference;
import java.nio.file.Path;
import java.util.List;

/** Where a build writes its steps for other builds ({@code --cache-to}). */
public sealed interface CacheTarget {

    /** Which steps go. */
    CacheMode mode();

    /** Whether a failed export is only a warning (BuildKit's {@code ignore-error=true}). */
    boolean ignoreError();

    /** The ids of the {@code RUN --mount=type=cache} mounts whose contents go too ({@code mounts=ID}, repeatable). */
    default List<String> mounts() {
        return List.of();
    }

    /** {@code type=registry,ref=REF}: a cache manifest pushed under a tag. */
    record Registry(ImageReference ref, CacheMode mode, boolean ignoreError, List<String> mounts)
            implements CacheTarget {
        public Registry {
            mounts = List.copyOf(mounts);
        }

        public Registry(ImageReference ref, CacheMode mode, boolean ignoreError) {
            this(ref, mode, ignoreError, List.of());
        }

        @Override
        public String toString() {
            return ref.toString();
        }
    }

    /** {@code type=local,dest=DIR[,tag=T]}: an OCI image layout directory, tagged {@code T} in its index. */
    record Local(Path dest, String tag, CacheMode mode, boolean ignoreError, List<String> mounts)
            implements CacheTarget {
        public Local {
            mounts = List.copyOf(mounts);
        }

        public Local(Path dest, String tag, CacheMode mode, boolean ignoreError) {
            this(dest, tag, mode, ignoreError, List.of());
        }

        @Override
        public String toString() {
            return dest.toString();
        }
    }

    /** {@code type=inline}: the records in the built image's config (see {@link InlineCache}); always min. */
    record Inline() implements CacheTarget {
        @Override
        public CacheMode mode() {
            return CacheMode.MIN;
        }

        @Override
        public boolean ignoreError() {
            return false;
        }

        @Override
        public String toString() {
            return "inline";
        }
    }

    /**
     * Reads one {@code --cache-to} value with buildx's and BuildKit's option names; a bare value is a registry
     * reference.
     *
     * @throws IllegalArgumentException naming the value and what is wrong with it
     */
    static CacheTarget parse(String text) {
        CacheSpec spec = CacheSpec.parse("--cache-to", text);
        switch (spec.type()) {
            case "registry" -> {
                spec.only("ref", "mode", "ignore-error", "mounts");
                ImageReference ref = spec.reference();
                if (!ref.hasTag()) {
                    throw spec.invalid("ref " + ref + " names a digest; a cache is exported to a tag");
                }
                return new Registry(ref, spec.mode(), spec.ignoreError(), spec.mounts());
            }
            case "local" -> {
                spec.only("dest", "tag", "mode", "ignore-error", "mounts");
                return new Local(Path.of(spec.required("dest", "local cache exporter")),
                        spec.attr("tag").orElse("latest"), spec.mode(), spec.ignoreError(), spec.mounts());
            }
            case "inline" -> {
                spec.only("mode");
                if (spec.mode() != CacheMode.MIN) {
                    throw spec.invalid("an inline cache holds only the image's own steps (mode=min)");
                }
                return new Inline();
            }
            default -> throw spec.invalid("unknown cache exporter: \"" + spec.type() + "\" (use registry, local or"
                    + " inline)");
        }
    }
}
