package io.jbuild.maven;

import io.jbuild.core.build.BuildException;
import io.jbuild.core.build.BuildRequest;
import io.jbuild.core.build.BuildResult;
import io.jbuild.core.exec.NetworkMode;
import io.jbuild.core.export.Exporter;
import io.jbuild.core.export.Output;
import io.jbuild.core.layer.Compression;
import io.jbuild.core.pipeline.BuildPipeline;
import io.jbuild.core.store.ImageStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Builds the project's Dockerfile into the local jbuild image store, in the Maven JVM, without a daemon, and sets
 * the project properties {@code jbuild.imageId} (the config digest, as {@code docker images} shows it) and
 * {@code jbuild.imageDigest} (the manifest digest) for later plugins.
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class BuildMojo extends AbstractImageMojo {

    /** The stage to build. Default: the last one. */
    @Parameter(property = "jbuild.target")
    String target;

    /** The platform to build for, {@code os/arch[/variant]}. Default: this machine's. */
    @Parameter(property = "jbuild.platform")
    String platform;

    /**
     * Several platforms to build for, one image each under an OCI image index that the tags name
     * ({@code jbuild.platforms=linux/amd64,linux/arm64}); replaces {@code platform}. RUN of a platform that is not
     * this machine's runs under QEMU user emulation (binfmt_misc).
     */
    @Parameter(property = "jbuild.platforms")
    List<String> platforms;

    /** Ignore the build cache. */
    @Parameter(property = "jbuild.noCache", defaultValue = "false")
    boolean noCache;

    /** Pull base images even when the store has them (ignored with {@code mvn -o}). */
    @Parameter(property = "jbuild.pull", defaultValue = "false")
    boolean pull;

    /** Push every tag to its registry after the build (also see the {@code push} goal). */
    @Parameter(property = "jbuild.push", defaultValue = "false")
    boolean push;

    /**
     * Also write the image out, in {@code docker build --output}'s syntax: {@code type=oci,dest=DIR|FILE.tar},
     * {@code type=docker,dest=FILE.tar}, {@code type=local,dest=DIR}; several separated by {@code ;}. Relative
     * paths are the project's.
     */
    // One string, not a list: Maven splits a list property at commas, and every spec has one.
    @Parameter(property = "jbuild.output")
    String output;

    /**
     * Caches other builds exported, whose steps this build may take, in {@code docker build --cache-from}'s syntax:
     * {@code type=registry,ref=REF} (or a bare {@code REF}), {@code type=local,src=DIR}; several separated by
     * {@code ;}. Registries are reached with the credentials a push would use. An unreadable one is a warning.
     */
    @Parameter(property = "jbuild.cacheFrom")
    String cacheFrom;

    /**
     * Where to export this build's steps, in {@code docker build --cache-to}'s syntax: {@code type=registry,ref=REF},
     * {@code type=local,dest=DIR} or {@code type=inline}, with {@code mode=min|max} and {@code ignore-error=true};
     * several separated by {@code ;}.
     */
    @Parameter(property = "jbuild.cacheTo")
    String cacheTo;

    /** Labels added to the image. On the command line: {@code -Djbuild.labels=k=v,k2=v2}. */
    @Parameter
    Map<String, String> labels;

    /**
     * Clamp every timestamp in the image to this time, for reproducible images: seconds since the epoch or an
     * ISO-8601 date-time. Default: {@code project.build.outputTimestamp}, so a reproducible Maven build gives a
     * reproducible image; else {@code SOURCE_DATE_EPOCH}; else the image records the build's time.
     */
    @Parameter(property = "jbuild.sourceDateEpoch", defaultValue = "${project.build.outputTimestamp}")
    String sourceDateEpoch;

    /** Compression of new layers: {@code gzip}, {@code zstd} or {@code uncompressed}. */
    @Parameter(property = "jbuild.compression", defaultValue = "gzip")
    String compression;

    /**
     * The network of RUN steps that do not say: {@code default} (a private one with outbound access, as in docker
     * build), {@code host} (which also lets steps ask for it) or {@code none}.
     */
    @Parameter(property = "jbuild.network", defaultValue = "default")
    String network;

    /** Entitlements the build grants, as {@code docker build --allow}: {@code network.host} lets RUN use the host's. */
    @Parameter(property = "jbuild.allow")
    List<String> allow;

    /**
     * Files RUN {@code --mount=type=secret,id=ID} may read, by id; never stored in the image:
     * {@code <secrets><npmrc>/home/me/.npmrc</npmrc></secrets>}; relative paths are the project's. On the
     * command line: {@code -Djbuild.secrets=npmrc=/home/me/.npmrc}.
     */
    @Parameter
    Map<String, String> secrets;

    @Inject
    public BuildMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        BuildRequest request = request();
        List<Output> outputs = outputs();
        try {
            Exporter.checkDestinations(outputs, request.contextDir());
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("jbuild: " + e.getMessage(), e);
        }
        boolean offline = session.isOffline();
        if (offline && push) {
            throw new MojoFailureException("jbuild: cannot push while Maven is offline (-o)");
        }
        try (SettingsRegistryAccess registries = registryAccess()) {
            ImageStore store = openStore();
            if (offline) {
                failOnMissingImages(store, request);
            }
            MavenProgress progress = new MavenProgress(getLog());
            BuildResult result = new BuildPipeline(store).run(request.toBuilder().registries(registries).build(), progress, outputs,
                    new BuildPipeline.Report() {
                        @Override
                        public void built(BuildResult result) {
                            progress.exported(result.imageId().toString(), result.tags());
                            project.getProperties().setProperty("jbuild.imageId", result.imageId().toString());
                            project.getProperties().setProperty("jbuild.imageDigest",
                                    result.manifest().digest().toString());
                        }

                        @Override
                        public void exported(Output o) {
                            getLog().info("jbuild: wrote " + describe(o));
                        }
                    }, push ? (tags, image, lenders) -> pusher(store).push(tags, lenders) : null);
            String digest = result.manifest().digest().toString();
            getLog().info("jbuild: built image " + String.join(", ", result.tags()) + " with digest " + digest
                    + (push ? " (pushed)" : ""));
            new ImageMetadataFiles(result.tags().isEmpty() ? "" : result.tags().get(0), result.imageId().toString(),
                    digest, result.tags(), push).writeTo(Path.of(project.getBuild().getDirectory()));
        } catch (BuildException e) {
            // Maven prints this message under "Failed to execute goal": it names Dockerfile:LINE:COL.
            throw new MojoFailureException(e.format(display(dockerfile.toPath())), e);
        } catch (IOException e) {
            throw new MojoExecutionException("jbuild: " + e.getMessage(), e);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            // a reference, platform or file the engine found wrong: a message, not a plugin crash
            throw new MojoExecutionException("jbuild: " + e.getMessage(), e);
        }
    }

    /** {@code platforms} joined as {@code --platform} takes them, else {@code platform}; null for this machine's. */
    private String platformList() {
        List<String> named = platforms == null ? List.of()
                : platforms.stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
        return named.isEmpty() ? blankToNull(platform) : String.join(",", named);
    }

    private BuildRequest request() throws MojoExecutionException {
        try {
            BuildRequest request = BuildRequest.builder(contextDirectory.toPath().toAbsolutePath())
                    .dockerfile(dockerfile.toPath().toAbsolutePath())
                    .buildArgs(buildArgs())
                    .target(blankToNull(target))
                    .platform(platformList())
                    .tags(tags())
                    .labels(labels())
                    .noCache(noCache)
                    .compression(Compression.parse(compression))
                    .network(NetworkMode.parse(network).flag())
                    .allow(entitlements())
                    .secrets(secretFiles())
                    .pull(pull && !session.isOffline())
                    .insecureRegistries(insecureRegistries())
                    .cacheFrom(CacheParameters.sources(cacheFrom, project.getBasedir().toPath()))
                    .cacheTo(CacheParameters.targets(cacheTo, project.getBasedir().toPath())).build();
            if (pull && session.isOffline()) {
                getLog().warn("jbuild: pull is ignored offline (-o): base images come from the store");
            }
            Optional<Instant> epoch = epoch();
            if (epoch.isPresent()) {
                request = request.toBuilder().sourceDateEpoch(epoch.get()).build();
            }
            return request;
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("jbuild: " + e.getMessage(), e);
        }
    }

    private Optional<Instant> epoch() throws MojoExecutionException {
        try {
            Optional<Instant> configured = OutputTimestamp.parse(sourceDateEpoch);
            if (configured.isPresent()) {
                return configured;
            }
            return OutputTimestamp.parse(System.getenv("SOURCE_DATE_EPOCH"));
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("jbuild: sourceDateEpoch (project.build.outputTimestamp): "
                    + e.getMessage(), e);
        }
    }

    /** The POM's labels with {@code -Djbuild.labels} on top; a label without a value is empty, as docker's. */
    private Map<String, String> labels() throws MojoExecutionException {
        Map<String, String> out = new LinkedHashMap<>();
        PropertyMaps.merge(labels, mapProperty("jbuild.labels")).forEach((k, v) -> out.put(k, v == null ? "" : v));
        return out;
    }

    /** Secret files by id, relative paths resolved against the project. */
    private Map<String, Path> secretFiles() throws MojoExecutionException {
        Map<String, Path> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : PropertyMaps.merge(secrets, mapProperty("jbuild.secrets")).entrySet()) {
            if (e.getValue() == null || e.getValue().isBlank()) {
                throw new MojoExecutionException("jbuild: secret \"" + e.getKey() + "\" names no file");
            }
            Path file = project.getBasedir().toPath().resolve(e.getValue().strip());
            if (!Files.isRegularFile(file)) {
                throw new MojoExecutionException("jbuild: secret \"" + e.getKey() + "\": " + file
                        + " is not a readable file");
            }
            out.put(e.getKey(), file);
        }
        return out;
    }

    /** The {@code output} specs, with destinations resolved against the project rather than Maven's directory. */
    private List<Output> outputs() throws MojoExecutionException {
        List<Output> out = new ArrayList<>();
        if (output == null) {
            return out;
        }
        Path base = project.getBasedir().toPath();
        for (String spec : output.split(";")) {
            if (spec.isBlank()) {
                continue;
            }
            Output o;
            try {
                o = Exporter.parse(spec.strip());
            } catch (IllegalArgumentException e) {
                throw new MojoExecutionException("jbuild: " + e.getMessage(), e);
            }
            if (o instanceof Output.Registry) {
                // (the CLI's push-only output is not here yet: the goal's push stores and pushes)
                throw new MojoExecutionException("jbuild: output " + spec.strip() + ": not supported by the plugin;"
                        + " use <push>true</push> (the image is stored and pushed)");
            }
            if (o instanceof Output.Oci oci) {
                o = new Output.Oci(base.resolve(oci.dest()));
            } else if (o instanceof Output.Docker docker) {
                o = new Output.Docker(base.resolve(docker.dest()));
            } else if (o instanceof Output.Local local) {
                o = new Output.Local(base.resolve(local.dest()));
            }
            out.add(o);
        }
        return out;
    }

    private Set<String> entitlements() {
        List<String> given = allow == null ? List.of() : allow;
        for (String e : given) {
            if (!e.equals("network.host")) {
                throw new IllegalArgumentException("unsupported allow \"" + e + "\" (network.host)");
            }
        }
        return Set.copyOf(given);
    }

    /** Offline, an image the store lacks cannot be pulled: say which, before the build tries the network. */
    private void failOnMissingImages(ImageStore store, BuildRequest request) throws IOException, MojoFailureException {
        List<OfflineCheck.Missing> missing = OfflineCheck.missing(store, request);
        if (missing.isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder();
        for (OfflineCheck.Missing m : missing) {
            b.append(display(dockerfile.toPath())).append(':').append(m.where().start().line()).append(':')
                    .append(m.where().start().column()).append(": error: image ").append(m.reference())
                    .append(" is not in the local jbuild store and Maven is offline (-o); pull it first (jbuild pull ")
                    .append(m.reference()).append(") or build online\n");
        }
        throw new MojoFailureException(b.toString().stripTrailing());
    }

    private static String describe(Output o) {
        if (o instanceof Output.Oci oci) {
            return "an OCI layout" + (oci.archive() ? " archive " : " ") + oci.dest();
        } else if (o instanceof Output.Docker docker) {
            return "a docker archive " + docker.dest();
        } else if (o instanceof Output.Local local) {
            return "the image's files to " + local.dest();
        }
        return "the image to the store";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
