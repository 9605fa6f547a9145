package io.jbuild.core.build;

import io.jbuild.grammar.shell.DefaultPath;
import com.fasterxml.jackson.databind.JsonNode;
import io.jbuild.core.image.ContainerConfig;
import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.image.ImageConfig;
import io.jbuild.core.image.Platform;
import io.jbuild.core.image.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The image a stage is making, changed step by step; {@link #config} freezes it. */
final class ImageState {

    // image-level
    String author;
    final String architecture;
    final String os;
    final String osVersion;
    final List<String> osFeatures;
    final String variant;
    final Map<String, JsonNode> extra;
    final List<ImageConfig.History> history = new ArrayList<>();
    final List<Descriptor> layers = new ArrayList<>();
    final List<Digest> diffIds = new ArrayList<>();
    // container defaults
    String user;
    Set<String> exposedPorts = new LinkedHashSet<>();
    List<String> env = new ArrayList<>();
    List<String> entrypoint = new ArrayList<>();
    List<String> cmd = new ArrayList<>();
    Set<String> volumes = new LinkedHashSet<>();
    String workingDir;
    Map<String, String> labels = new LinkedHashMap<>();
    String stopSignal;
    Boolean argsEscaped;
    ContainerConfig.Healthcheck healthcheck;
    List<String> onBuild = new ArrayList<>();
    List<String> shell = new ArrayList<>();
    Map<String, JsonNode> containerExtra = Map.of();
    /** CMD was set in this stage, so ENTRYPOINT must not reset it (docker's rule). */
    boolean cmdSet;

    private ImageState(Platform platform, Map<String, JsonNode> extra) {
        this.architecture = platform.architecture();
        this.os = platform.os();
        this.osVersion = platform.osVersion();
        this.osFeatures = platform.osFeatures();
        this.variant = platform.variant();
        this.extra = extra;
    }

    /** {@code FROM scratch}: BuildKit's empty image, with WorkingDir "/" and a default PATH (not on Windows). */
    static ImageState empty(Platform platform) {
        ImageState s = new ImageState(platform, Map.of());
        s.workingDir = "/";
        if (!"windows".equals(platform.os())) {
            s.env.add(DefaultPath.ENTRY);
        }
        return s;
    }

    /** The state an image's config describes, with its layers. */
    static ImageState of(ImageConfig config, List<Descriptor> layers) {
        ImageState s = new ImageState(config.platform(), config.extra());
        s.author = config.author();
        s.history.addAll(config.history());
        s.layers.addAll(layers);
        s.diffIds.addAll(config.rootfs().diffIds());
        ContainerConfig c = config.config();
        if (c != null) {
            s.user = c.user();
            s.exposedPorts.addAll(c.exposedPorts());
            s.env.addAll(c.env());
            s.entrypoint.addAll(c.entrypoint());
            s.cmd.addAll(c.cmd());
            s.volumes.addAll(c.volumes());
            s.workingDir = c.workingDir();
            s.labels.putAll(c.labels());
            s.stopSignal = c.stopSignal();
            s.argsEscaped = c.argsEscaped();
            s.healthcheck = c.healthcheck();
            s.onBuild.addAll(c.onBuild());
            s.shell.addAll(c.shell());
            s.containerExtra = c.extra();
        }
        return s;
    }

    /** A copy for a stage built FROM this one; ONBUILD triggers are the base's, so a child starts with none. */
    ImageState child() {
        ImageState s = of(config(null), layers);
        s.onBuild.clear();
        return s;
    }

    ContainerConfig container() {
        return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
                argsEscaped, healthcheck, onBuild, shell, containerExtra);
    }

    ImageConfig config(Instant created) {
        return new ImageConfig(created == null ? null : Timestamps.format(created), author, architecture, os, osVersion,
                osFeatures, variant, container(), ImageConfig.RootFs.layers(diffIds), history, extra);
    }

    /** The comment BuildKit's Dockerfile frontend puts on each history entry; tools tell its images by it. */
    static final String HISTORY_COMMENT = "buildkit.dockerfile.v0";

    void addHistory(Instant created, String createdBy, boolean emptyLayer) {
        history.add(new ImageConfig.History(created == null ? null : Timestamps.format(created), createdBy, null,
                HISTORY_COMMENT, emptyLayer ? Boolean.TRUE : null, null));
    }

    void addLayer(Descriptor layer, Digest diffId) {
        layers.add(layer);
        diffIds.add(diffId);
    }
}
