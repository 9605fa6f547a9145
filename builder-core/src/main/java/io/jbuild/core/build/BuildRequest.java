package io.jbuild.core.build;

import io.jbuild.core.buildcache.CacheSource;
import io.jbuild.core.buildcache.CacheTarget;
import io.jbuild.core.context.DockerfileName;
import io.jbuild.core.image.Platform;
import io.jbuild.core.layer.Compression;
import io.jbuild.core.registry.RegistryAccess;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What to build.
 *
 * @param contextDir      the build context
 * @param dockerfile      the Dockerfile (default: {@code contextDir/Dockerfile}, else {@code contextDir/dockerfile})
 * @param buildArgs       {@code --build-arg} values, already read
 * @param target          the stage to build; the last one when empty
 * @param platform        {@code os/arch[/variant]}, or several separated by commas (one image each, under an OCI
 *                        image index: {@link #platforms()}); this machine's when empty
 * @param tags            references to tag the result with in the local store
 * @param labels          {@code --label} values added to the image
 * @param noCache         ignore the build cache
 * @param sourceDateEpoch when set, every timestamp in the image (config, history, file times in new layers) is
 *                        clamped to it, so that the same input gives the same digest anywhere
 * @param compression     how new layers are compressed
 * @param network         RUN's network when a step does not say: {@code default} (a private one, as in docker build),
 *                        {@code host} (which also lets steps ask for it) or {@code none}
 * @param secrets         {@code --secret id=...,src=...}: files RUN --mount=type=secret may read, by id
 * @param pull            pull base images even when the store has them ({@code --pull})
 * @param insecureRegistries registries that may be reached over plain http (besides localhost)
 * @param registries      the options (credentials) base images are pulled with, per registry
 * @param allow           BuildKit's entitlements the build grants ({@code --allow}): {@code network.host} lets a
 *                        step say {@code RUN --network=host}
 * @param pushOnly        the image is only pushed ({@code -o type=registry}): it is not tagged in the store, and a
 *                        {@code --cache-from} hit's blob is fetched only when a step reads the layer or the push
 *                        cannot mount it from the cache's repository
 */
public record BuildRequest(Path contextDir, Path dockerfile, Map<String, String> buildArgs, Optional<String> target,
                           Optional<String> platform, List<String> tags, Map<String, String> labels, boolean noCache,
                           Optional<Instant> sourceDateEpoch, Compression compression, String network,
                           Map<String, Path> secrets, boolean pull, Set<String> insecureRegistries,
                           RegistryAccess registries, Set<String> allow, List<CacheSource> cacheFrom,
                           List<CacheTarget> cacheTo, boolean pushOnly) {

    public BuildRequest {
        buildArgs = Map.copyOf(buildArgs);
        tags = List.copyOf(tags);
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        secrets = Map.copyOf(secrets);
        insecureRegistries = Set.copyOf(insecureRegistries);
        network = network == null || network.isEmpty() ? "default" : network;
        allow = Set.copyOf(allow == null ? Set.of() : allow);
        registries = registries == null ? RegistryAccess.DEFAULT : registries;
        cacheFrom = List.copyOf(cacheFrom == null ? List.of() : cacheFrom);
        cacheTo = List.copyOf(cacheTo == null ? List.of() : cacheTo);
    }

    /** A request with docker's defaults for everything but the context. */
    public static BuildRequest of(Path contextDir) {
        return builder(contextDir).build();
    }

    /** A builder with docker's defaults for everything but the context. */
    public static Builder builder(Path contextDir) {
        return new Builder(contextDir);
    }

    /** A builder holding this request's values, to make one that differs in some. */
    public Builder toBuilder() {
        Builder b = new Builder(contextDir);
        b.dockerfile = dockerfile;
        b.buildArgs = buildArgs;
        b.target = target;
        b.platform = platform;
        b.tags = tags;
        b.labels = labels;
        b.noCache = noCache;
        b.sourceDateEpoch = sourceDateEpoch;
        b.compression = compression;
        b.network = network;
        b.secrets = secrets;
        b.pull = pull;
        b.insecureRegistries = insecureRegistries;
        b.registries = registries;
        b.allow = allow;
        b.cacheFrom = cacheFrom;
        b.cacheTo = cacheTo;
        b.pushOnly = pushOnly;
        return b;
    }

    /** Builds a {@link BuildRequest}; each setter's value is described on the record's component of its name. */
    public static final class Builder {
        private Path contextDir;
        private Path dockerfile;
        private Map<String, String> buildArgs = Map.of();
        private Optional<String> target = Optional.empty();
        private Optional<String> platform = Optional.empty();
        private List<String> tags = List.of();
        private Map<String, String> labels = Map.of();
        private boolean noCache;
        private Optional<Instant> sourceDateEpoch = Optional.empty();
        private Compression compression = Compression.GZIP;
        private String network = "default";
        private Map<String, Path> secrets = Map.of();
        private boolean pull;
        private Set<String> insecureRegistries = Set.of();
        private RegistryAccess registries = RegistryAccess.DEFAULT;
        private Set<String> allow = Set.of();
        private List<CacheSource> cacheFrom = List.of();
        private List<CacheTarget> cacheTo = List.of();
        private boolean pushOnly;

        private Builder(Path contextDir) {
            this.contextDir = contextDir;
            this.dockerfile = DockerfileName.resolve(contextDir.resolve(DockerfileName.DEFAULT));
        }

        /** Another context directory; the Dockerfile is left as it was. */
        public Builder contextDir(Path dir) {
            this.contextDir = dir;
            return this;
        }

        public Builder dockerfile(Path file) {
            this.dockerfile = file;
            return this;
        }

        public Builder buildArgs(Map<String, String> args) {
            this.buildArgs = args;
            return this;
        }

        /** The stage to build; null for the last. */
        public Builder target(String stage) {
            this.target = Optional.ofNullable(stage);
            return this;
        }

        /** {@code os/arch[/variant]}; null for this machine's. */
        public Builder platform(String p) {
            this.platform = Optional.ofNullable(p);
            return this;
        }

        public Builder tags(List<String> t) {
            this.tags = t;
            return this;
        }

        public Builder labels(Map<String, String> l) {
            this.labels = l;
            return this;
        }

        public Builder noCache(boolean on) {
            this.noCache = on;
            return this;
        }

        /** Null for none. */
        public Builder sourceDateEpoch(Instant epoch) {
            this.sourceDateEpoch = Optional.ofNullable(epoch);
            return this;
        }

        public Builder compression(Compression c) {
            this.compression = c;
            return this;
        }

        public Builder network(String n) {
            this.network = n;
            return this;
        }

        public Builder secrets(Map<String, Path> s) {
            this.secrets = s;
            return this;
        }

        public Builder pull(boolean always) {
            this.pull = always;
            return this;
        }

        public Builder insecureRegistries(Set<String> hosts) {
            this.insecureRegistries = hosts;
            return this;
        }

        public Builder registries(RegistryAccess access) {
            this.registries = access;
            return this;
        }

        public Builder allow(Set<String> entitlements) {
            this.allow = entitlements;
            return this;
        }

        public Builder cacheFrom(List<CacheSource> sources) {
            this.cacheFrom = sources;
            return this;
        }

        public Builder cacheTo(List<CacheTarget> targets) {
            this.cacheTo = targets;
            return this;
        }

        public Builder pushOnly(boolean on) {
            this.pushOnly = on;
            return this;
        }

        public BuildRequest build() {
            return new BuildRequest(contextDir, dockerfile, buildArgs, target, platform, tags, labels, noCache,
                    sourceDateEpoch, compression, network, secrets, pull, insecureRegistries, registries, allow,
                    cacheFrom, cacheTo, pushOnly);
        }
    }

    /**
     * The platforms to build for, as {@link #platform} names them (docker's comma-separated {@code --platform}),
     * each once; this machine's when none is named.
     *
     * @throws IllegalArgumentException naming a platform that is not valid
     */
    public List<Platform> platforms() {
        if (platform.isEmpty() || platform.get().isBlank()) {
            return List.of(Platform.host());
        }
        Map<String, Platform> out = new LinkedHashMap<>();
        for (String p : platform.get().split(",", -1)) {
            if (p.isBlank()) {
                throw new IllegalArgumentException("invalid platform list \"" + platform.get() + "\": empty entry");
            }
            Platform parsed = Platform.parse(p.strip());
            out.putIfAbsent(parsed.normalize().format(), parsed);
        }
        return List.copyOf(out.values());
    }

    /** Whether a step may use the host's network: the build's own network is the host's, or it allows it. */
    public boolean allowsHostNetwork() {
        return network.equalsIgnoreCase("host") || allow.contains("network.host");
    }
}
