package io.jbuild.core.build;

import io.jbuild.core.exec.ContainerMount;
import io.jbuild.core.exec.NetworkMode;
import io.jbuild.core.exec.OutputSink;
import io.jbuild.core.exec.RunExecutor;
import io.jbuild.core.exec.RunMounts;
import io.jbuild.core.exec.RunResult;
import io.jbuild.core.exec.RunSpec;
import io.jbuild.core.fs.RootPath;
import io.jbuild.core.image.Descriptor;
import io.jbuild.core.layer.LayerEntry;
import io.jbuild.core.plan.BuildArgs;
import io.jbuild.core.plan.PlanException;
import io.jbuild.core.plan.PlannedStep;
import io.jbuild.core.snapshot.FileTrees;
import io.jbuild.core.snapshot.SnapshotStore;
import io.jbuild.core.store.BlobStore;
import io.jbuild.grammar.ast.CommandLine;
import io.jbuild.grammar.ast.Heredoc;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.ast.RunMount;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * RUN: the command in an ephemeral runc container over the image's layers; what it changes becomes the layer.
 * Build args are in the process's environment but never in the image; the history line records them as BuildKit
 * does ({@code |N K=V ...}), proxy args excepted.
 */
final class RunStep {

    private static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");

    /** What the engine gives a RUN step. */
    /** {@code work}: the build's scratch directory (views of the context for bind mounts go below it). */
    record Context(RunExecutor executor, SnapshotStore snapshots, BlobStore blobs, BuildRequest request,
                   Map<String, String> proxyArgs, Steps.Stages stages, Path work) {
    }

    /** A finished run: its layer's entries are read from {@code result} until it is closed. */
    record Outcome(RunResult result, Iterator<LayerEntry> entries) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            result.close();
        }
    }

    private RunStep() {
    }

    /** The process arguments: exec form as is; shell form through SHELL, heredocs inlined as a shell reads them. */
    static List<String> args(Instruction.Run run, ImageState image) {
        if (run.command() instanceof CommandLine.ExecForm e) {
            return e.arguments();
        }
        String script = ((CommandLine.ShellForm) run.command()).script();
        List<String> args = new ArrayList<>(image.shell.isEmpty() ? DEFAULT_SHELL : image.shell);
        Optional<Heredoc> alone = soleHeredoc(run);
        if (alone.isPresent()) {
            // RUN <<EOF alone: the body is the script; with a shebang, the shell runs the body as a file.
            args.add(shebang(alone.get()) ? PIPES + "/" + alone.get().name() : alone.get().effectiveContent());
            return args;
        }
        List<Heredoc> docs = run.heredocs();
        StringBuilder full = new StringBuilder(script);
        for (Heredoc h : docs) {
            full.append('\n').append(h.content()).append(h.name());
        }
        args.add(full.toString());
        return args;
    }

    /** The containers' host name, {@code BUILDKIT_SANDBOX_HOSTNAME} ({@code ""}: the executor's default). */
    static String hostname(BuildRequest request) throws Steps.StepException {
        try {
            return BuildArgs.sandboxHostname(request.buildArgs());
        } catch (PlanException e) {
            throw new Steps.StepException(e.getMessage(), e); // checked by the planner already
        }
    }

    /**
     * Where a heredoc with a shebang is mounted (read-only, executable), as BuildKit's dockerfile2llb does: the
     * shell runs {@code /dev/pipes/NAME} and the kernel hands it to the shebang's interpreter. Below /dev, a tmpfs
     * of the container, so nothing of it reaches the layer.
     */
    static final String PIPES = "/dev/pipes";

    /** The heredoc of {@code RUN <<EOF} when it is the whole command (BuildKit's MustParseHeredoc on the line). */
    static Optional<Heredoc> soleHeredoc(Instruction.Run run) {
        if (!(run.command() instanceof CommandLine.ShellForm shell) || run.heredocs().size() != 1) {
            return Optional.empty();
        }
        Heredoc doc = run.heredocs().get(0);
        boolean alone = shell.script().strip().matches("\\d*<<-?\\s*['\"]?"
                + Pattern.quote(doc.name()) + "['\"]?");
        return alone ? Optional.of(doc) : Optional.empty();
    }

    /** Whether BuildKit runs the heredoc as an executable file: its body (tabs chomped) starts with {@code #!}. */
    static boolean shebang(Heredoc doc) {
        return doc.effectiveContent().startsWith("#!");
    }

    /** The body of a {@code RUN <<EOF} with a shebang, which its arguments do not show: part of the step's key. */
    static String scriptKey(Instruction.Run run) {
        // statements, not lambdas: every RUN, cached or not, comes here, and a lambda's first link costs ~1 ms cold
        Optional<Heredoc> doc = soleHeredoc(run);
        return doc.isPresent() && shebang(doc.get()) ? "\nscript " + doc.get().effectiveContent() : "";
    }

    /** BuildKit's history line: {@code RUN |2 A=1 B=2 /bin/sh -c cmd # buildkit}. */
    static String history(List<String> args, PlannedStep step) {
        StringBuilder b = new StringBuilder("RUN ");
        List<String> buildArgs = new ArrayList<>();
        for (Map.Entry<String, String> e : step.env().entrySet()) {
            if (!step.imageEnv().containsKey(e.getKey())) {
                buildArgs.add(e.getKey() + "=" + e.getValue());
            }
        }
        if (!buildArgs.isEmpty()) {
            b.append('|').append(buildArgs.size()).append(' ').append(String.join(" ", buildArgs)).append(' ');
        }
        return b.append(String.join(" ", args)).append(" # buildkit").toString();
    }

    /**
     * The step's network: its {@code --network}, else the build's. The host's is BuildKit's {@code network.host}
     * entitlement: a step may ask for it only when the build uses or allows it.
     */
    static NetworkMode network(Instruction.Run run, BuildRequest request) throws Steps.StepException {
        try {
            String asked = run.network().orElse("default");
            NetworkMode network = NetworkMode.parse(asked.equalsIgnoreCase("default") ? request.network() : asked);
            if (network == NetworkMode.HOST && !request.allowsHostNetwork()) {
                throw new Steps.StepException("--network=host is not allowed: the build must grant it"
                        + " (jbuild build --allow network.host, or --network host for every step)", null);
            }
            return network;
        } catch (IllegalArgumentException e) {
            throw new Steps.StepException(e.getMessage(), null);
        }
    }

    static Outcome run(Instruction.Run run, PlannedStep step, ImageState image, StageRootfs rootfs, Context cx,
                       OutputSink sink) throws IOException, Steps.StepException {
        List<String> layers = new ArrayList<>();
        for (int i = 0; i < image.layers.size(); i++) {
            Descriptor d = image.layers.get(i);
            String diffId = image.diffIds.get(i).toString();
            if (cx.snapshots().find(diffId).isEmpty()) {
                try (InputStream in = cx.blobs().open(d.digest())) {
                    cx.snapshots().unpack(diffId, in);
                } catch (IOException e) {
                    throw new Steps.StepException("layer " + d.digest() + ": " + e.getMessage(), e);
                }
            }
            layers.add(diffId);
        }
        List<String> args = args(run, image);
        if (args.isEmpty()) {
            throw new Steps.StepException("has no command", null);
        }
        List<String> env = new ArrayList<>();
        step.env().forEach((k, v) -> env.add(k + "=" + v));
        cx.proxyArgs().forEach((k, v) -> env.add(k + "=" + v));
        String workdir = image.workingDir == null ? "/" : image.workingDir;
        NetworkMode network = network(run, cx.request());
        Path views = null;
        RunResult result;
        try {
            List<ContainerMount> mounts = new ArrayList<>();
            int index = 0;
            for (String spec : run.mounts()) {
                if (views == null) {
                    views = Files.createTempDirectory(Files.createDirectories(cx.work()), "mounts-");
                }
                Path view = Files.createDirectory(views.resolve(Integer.toString(index++)));
                mount(spec, workdir, cx, env, view).ifPresent(mounts::add);
            }
            Optional<Heredoc> script = soleHeredoc(run).filter(RunStep::shebang);
            if (script.isPresent()) {
                if (views == null) {
                    views = Files.createTempDirectory(Files.createDirectories(cx.work()), "mounts-");
                }
                mounts.add(scriptMount(script.get(), Files.createDirectory(views.resolve("pipes"))));
            }
            RunSpec spec = new RunSpec(layers, args, env, workdir, image.user == null ? "" : image.user,
                    hostname(cx.request()), network, mounts);
            result = cx.executor().run(spec, sink);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", args), e);
        } finally {
            if (views != null) {
                FileTrees.delete(views);
            }
        }
        if (result.exitCode() != 0) {
            List<String> last = result.lastLines();
            result.close();
            throw new Steps.StepException("`" + String.join(" ", args) + "` exited with code " + result.exitCode()
                    + (last.isEmpty() ? "" : "; last output:\n  " + String.join("\n  ", last)), null);
        }
        return new Outcome(result, result.diff());
    }

    /** The heredoc written as an executable file (0755, as BuildKit's Mkfile) in {@code dir}, mounted at /dev/pipes. */
    private static ContainerMount scriptMount(Heredoc doc, Path dir) throws IOException, Steps.StepException {
        String name = doc.name();
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new Steps.StepException("heredoc name \"" + name + "\" cannot name a file", null);
        }
        Path file = dir.resolve(name);
        Files.writeString(file, doc.effectiveContent(), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new ContainerMount.Bind(PIPES, dir, true);
    }

    /** The container mount for one {@code --mount}; empty for a secret that goes only into the environment. */
    private static Optional<ContainerMount> mount(String spec, String workdir, Context cx, List<String> env,
                                                  Path view) throws IOException, Steps.StepException {
        RunMount m;
        try {
            m = RunMount.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new Steps.StepException("--mount=" + spec + ": " + e.getMessage(), null);
        }
        Path host = null;
        if (m.type() == RunMount.Type.BIND) {
            String source = m.source() == null ? "" : m.source();
            if (m.from() == null || m.from().isEmpty()) {
                try {
                    host = ContextMountSource.resolve(cx.request().contextDir(), cx.request().dockerfile(), source,
                            view);
                } catch (IOException e) {
                    throw new Steps.StepException("--mount=" + spec + ": " + e.getMessage(), null);
                }
            } else {
                StageRootfs stage = cx.stages().find(m.from()).orElseThrow(() -> new Steps.StepException(
                        "--mount from=" + m.from() + ": no stage of that name and no such image in the local store"
                                + " or its registry", null));
                host = new RootPath(stage.path()).resolve(RootPath.clean(source), true);
            }
        } else if (m.type() == RunMount.Type.SECRET) {
            Path file = cx.request().secrets().get(RunMounts.secretId(m));
            if (file == null) {
                if (m.required()) {
                    // BuildKit's words (session/secrets): users search for them
                    throw new Steps.StepException("secret " + RunMounts.secretId(m) + ": not found (give it with --secret id="
                            + RunMounts.secretId(m) + ",src=FILE)", null);
                }
                file = Files.createFile(view.resolve("empty-secret"));
            }
            host = file;
            if (m.env() != null && !m.env().isEmpty()) {
                env.add(m.env() + "=" + Files.readString(file).strip());
                if (m.target() == null || m.target().isEmpty()) {
                    return Optional.empty();
                }
            }
        }
        try {
            return Optional.of(RunMounts.toContainerMount(m, workdir, host));
        } catch (IllegalArgumentException e) {
            throw new Steps.StepException("--mount=" + spec + ": " + e.getMessage(), null);
        }
    }

}
