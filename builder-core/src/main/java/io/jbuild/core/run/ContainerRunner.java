package io.jbuild.core.run;

import io.jbuild.core.exec.ContainerIo;
import io.jbuild.core.exec.OutputSink;
import io.jbuild.core.exec.RunExecutor;
import io.jbuild.core.exec.RunResult;
import io.jbuild.core.exec.RunSpec;
import io.jbuild.core.image.ContainerConfig;
import io.jbuild.core.image.Descriptor;
import io.jbuild.core.snapshot.SnapshotStore;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.ResolvedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The public entry point of {@code jbuild run}: an image from the store in a throw-away runc container, with
 * {@code docker run}'s rules for the command (trailing arguments replace CMD, ENTRYPOINT is prepended,
 * {@code --entrypoint} replaces it), the environment, user and working directory. Nothing the container writes is
 * kept.
 */
public final class ContainerRunner {

    private final ImageStore store;

    public ContainerRunner(ImageStore store) {
        this.store = store;
    }

    /** Runs the container to its end, its output line by line to {@code output}; the exit code is the process's. */
    public int run(RunOptions options, OutputSink output) throws IOException, InterruptedException {
        return run(options, new ContainerIo.Captured(output));
    }

    /**
     * Runs the container to its end with the standard streams {@code io} says; the exit code is the process's.
     * With a terminal, TERM is {@code xterm} unless the image or {@code -e} sets it, as docker does.
     */
    public int run(RunOptions options, ContainerIo io) throws IOException, InterruptedException {
        ResolvedImage image = store.resolve(options.image());
        ContainerConfig c = image.config().config() == null ? ContainerConfig.empty() : image.config().config();
        List<String> args = command(c, options);
        SnapshotStore snapshots = new SnapshotStore(store.paths().snapshots());
        RunExecutor executor = new RunExecutor(snapshots, store.paths().runState());
        executor.recover();
        List<String> layers = unpackLayers(store, image, snapshots);
        List<String> env = env(c.env(), options.env());
        if (io instanceof ContainerIo.Inherited i && i.terminal() && env.stream().noneMatch(e -> e.startsWith("TERM="))) {
            env.add("TERM=xterm");
        }
        RunSpec spec = new RunSpec(layers, args, env, options.workdir().orElse(
                c.workingDir() == null ? "/" : c.workingDir()), options.user().orElse(c.user() == null ? "" : c.user()),
                RunSpec.DEFAULT_HOSTNAME, options.network(), options.mounts(), options.seccomp());
        try (RunResult result = executor.run(spec, io)) {
            return result.exitCode();
        }
    }

    /** The image's layers as diff IDs, bottom first, each unpacked in {@code snapshots} if it was not yet. */
    public static List<String> unpackLayers(ImageStore store, ResolvedImage image, SnapshotStore snapshots)
            throws IOException {
        List<String> layers = new ArrayList<>();
        List<Descriptor> blobs = image.manifest().layers();
        for (int i = 0; i < blobs.size(); i++) {
            String diffId = image.config().rootfs().diffIds().get(i).toString();
            if (snapshots.find(diffId).isEmpty()) {
                try (InputStream in = store.blobs().open(blobs.get(i).digest())) {
                    snapshots.unpack(diffId, in);
                } catch (IOException e) {
                    throw new IOException("layer " + blobs.get(i).digest() + ": " + e.getMessage(), e);
                }
            }
            layers.add(diffId);
        }
        return layers;
    }

    /** docker run's command: ENTRYPOINT (or --entrypoint) followed by the arguments given, else the image's CMD. */
    public static List<String> command(ContainerConfig c, RunOptions options) {
        List<String> args = new ArrayList<>();
        if (options.entrypoint().isPresent()) {
            if (!options.entrypoint().get().isEmpty()) {
                args.add(options.entrypoint().get());
            }
            args.addAll(options.command());
        } else {
            args.addAll(c.entrypoint());
            args.addAll(options.command().isEmpty() ? c.cmd() : options.command());
        }
        if (args.isEmpty()) {
            throw new IllegalArgumentException("no command specified: the image has no ENTRYPOINT or CMD and none was given");
        }
        return args;
    }

    /** The image's ENV with {@code -e} values on top (a later value for the same name wins). */
    public static List<String> env(List<String> image, List<String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (String kv : image) {
            int eq = kv.indexOf('=');
            merged.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
        }
        for (String kv : overrides) {
            int eq = kv.indexOf('=');
            merged.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
        }
        List<String> out = new ArrayList<>();
        merged.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }
}
