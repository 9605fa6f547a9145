package io.jbuild.core.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.jbuild.core.container.attach.AttachOutcome;
import io.jbuild.core.container.attach.AttachStreams;
import io.jbuild.core.container.attach.Attachment;
import io.jbuild.core.container.cp.Freezer;
import io.jbuild.core.container.cp.RuncFreezer;
import io.jbuild.core.container.exec.ContainerExec;
import io.jbuild.core.container.exec.ExecException;
import io.jbuild.core.container.exec.ExecRequest;
import io.jbuild.core.container.ports.PortMapping;
import io.jbuild.core.container.ports.PortSpec;
import io.jbuild.core.exec.ContainerMount;
import io.jbuild.core.exec.NetworkMode;
import io.jbuild.core.exec.RunExecutor;
import io.jbuild.core.exec.RunSpec;
import io.jbuild.core.exec.Seccomp;
import io.jbuild.core.exec.SlirpNetwork;
import io.jbuild.core.fs.ProcessLocks;
import io.jbuild.core.fs.RootPath;
import io.jbuild.core.image.ContainerConfig;
import io.jbuild.core.image.OciJson;
import io.jbuild.core.image.Timestamps;
import io.jbuild.core.run.ContainerRunner;
import io.jbuild.core.run.RunOptions;
import io.jbuild.core.snapshot.FileTrees;
import io.jbuild.core.snapshot.Mounts;
import io.jbuild.core.snapshot.OverlayMount;
import io.jbuild.core.snapshot.SnapshotStore;
import io.jbuild.core.store.AtomicFiles;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.ResolvedImage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The public entry point of containers that outlive jbuild ({@code run -d}, {@code ps}, {@code stop}, {@code start},
 * {@code rm}...), without a daemon, as podman does it: each container is a runc container (under
 * {@code containers/runtime}, apart from RUN steps' runtime root) whose first process conmon watches, over an
 * overlay of the image's snapshots with an upper directory of its own kept until {@code rm}. Its state is in
 * {@code containers/<id>/} ({@link ContainerFiles}), written atomically under {@code containers/lock}, so jbuild
 * processes may act at once; what a process's liveness says always wins over what a state file says, so a container
 * killed behind jbuild's back shows as exited (137) and nothing ever waits on a dead one.
 */
public final class Containers {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");
    private static final int DEFAULT_STOP_SECONDS = 10;

    private final ImageStore store;
    private final Path dir;
    private final SnapshotStore snapshots;
    private final Conmon conmon;
    private final ProcFs procs = ProcFs.host();
    /** Made by the first create: seeding it loads the security providers, which no other command needs. */
    private SecureRandom random;

    public Containers(ImageStore store) throws IOException {
        this.store = store;
        this.dir = store.paths().containers();
        this.snapshots = new SnapshotStore(store.paths().snapshots());
        this.conmon = new Conmon(dir.resolve("runtime"));
        Files.createDirectories(dir);
    }

    /**
     * Creates a container of {@code options.image()} (not started): docker's command, env, user and working
     * directory rules; {@code name} null for a generated one.
     *
     * @throws ContainerException docker's conflict message when the name is taken
     */
    public Container create(RunOptions options, String name, List<String> ports) throws IOException {
        return create(options, name, ports, false, false, false);
    }

    /**
     * As {@link #create(RunOptions, String, List)}; {@code autoRemove} ({@code -d --rm}): removed once it exits;
     * docker's {@code -i} (a standard input to attach to) and {@code -t} (a terminal) are kept for every start.
     */
    public Container create(RunOptions options, String name, List<String> ports, boolean autoRemove,
                            boolean interactive, boolean tty)
            throws IOException {
        if (name != null) {
            Names.check(name);
        }
        ports.forEach(PortSpec::parse); // a bad -p is refused before anything is made
        for (ContainerMount m : options.mounts()) {
            if (!(m instanceof ContainerMount.Bind)) {
                throw new IllegalArgumentException("a container takes bind mounts only: " + m.target());
            }
        }
        ResolvedImage image = store.resolve(options.image());
        ContainerConfig c = image.config().config() == null ? ContainerConfig.empty() : image.config().config();
        List<String> args = ContainerRunner.command(c, options);
        List<String> env = ContainerRunner.env(c.env(), options.env());
        if (tty && env.stream().noneMatch(e -> e.startsWith("TERM="))) {
            env.add("TERM=xterm"); // as docker gives a terminal's process, unless the image or -e sets one
        }
        List<String> layers = ContainerRunner.unpackLayers(store, image, snapshots);
        List<ContainerRecord.Bind> binds = new ArrayList<>();
        for (ContainerMount m : options.mounts()) {
            ContainerMount.Bind b = (ContainerMount.Bind) m;
            binds.add(new ContainerRecord.Bind(b.source().toAbsolutePath().toString(), b.target(), b.readOnly()));
        }
        List<String> securityOpt = options.seccomp() instanceof Seccomp.Unconfined ? List.of("seccomp=unconfined")
                : options.seccomp() instanceof Seccomp.Custom custom ? List.of("seccomp=" + custom.profile())
                : List.of();
        try (ProcessLocks.Held lock = lock()) {
            // The names only, from the records: the others' states and processes need no look (a start costs less
            // with many containers), but for a container holding the name asked for, which may be a -d --rm one
            // that has exited and so is no longer there.
            Set<String> names = new HashSet<>();
            for (ContainerFiles f : existingLocked()) {
                String taken = readRecord(f.record()).name();
                if (taken.equals(name) && settleLocked(f) != null) {
                    throw new ContainerException("Conflict. The container name \"/" + name + "\" is already in use"
                            + " by container \"" + f.id() + "\". You have to remove (or rename) that container to"
                            + " be able to reuse that name.");
                }
                names.add(taken);
            }
            String id = HexFormat.of().formatHex(randomBytes());
            ContainerRecord record = new ContainerRecord(id, name != null ? name : Names.generate(names, random()),
                    options.image(), image.imageId().toString(), layers, args, env,
                    options.user().orElse(c.user() == null ? "" : c.user()),
                    options.workdir().orElse(c.workingDir() == null || c.workingDir().isEmpty() ? "/" : c.workingDir()),
                    c.stopSignal() == null ? "SIGTERM" : c.stopSignal(), Instant.now().toString(),
                    options.network().flag(), binds, ports, securityOpt, autoRemove, entrypoint(c, options),
                    cmd(c, options), interactive, tty,
                    c.exposedPorts() == null ? List.of() : List.copyOf(new TreeSet<>(c.exposedPorts())));
            ContainerFiles files = files(id);
            Files.createDirectory(files.dir());
            write(files.state(), ContainerState.created());
            write(files.record(), record); // last: a directory without it is a create that was killed
            return new Container(record, ContainerState.created());
        }
    }

    /** docker's Config.Entrypoint: {@code --entrypoint} (none for "") or the image's; null for none. */
    private static List<String> entrypoint(ContainerConfig c, RunOptions options) {
        List<String> e = options.entrypoint().map(x -> x.isEmpty() ? List.<String>of() : List.of(x))
                .orElse(c.entrypoint());
        return e == null || e.isEmpty() ? null : e;
    }

    /** docker's Config.Cmd: the arguments, else the image's CMD unless {@code --entrypoint} replaced its entrypoint. */
    private static List<String> cmd(ContainerConfig c, RunOptions options) {
        List<String> cmd = !options.command().isEmpty() ? options.command()
                : options.entrypoint().isPresent() ? null : c.cmd();
        return cmd == null || cmd.isEmpty() ? null : cmd;
    }

    /** Starts a created or exited container (its file-system changes kept); a running one is left as it is. */
    public Container start(String ref) throws IOException {
        try (ProcessLocks.Held lock = lock()) {
            Container c = resolveLocked(ref);
            if (c.running()) {
                return c;
            }
            return startLocked(c, null);
        }
    }

    /**
     * Starts the container as {@link #start} does, attached from before its process begins (docker start -a: none
     * of its output is missed); a running one is attached as it is.
     */
    public Attached startAttached(String ref) throws IOException {
        try (ProcessLocks.Held lock = lock()) {
            Container c = resolveLocked(ref);
            if (c.running()) {
                return new Attached(c, Attachment.connect(files(c.id()).bundle()));
            }
            Attachment[] attachment = new Attachment[1];
            try {
                Container started = startLocked(c, f -> attachment[0] = Attachment.connect(f.bundle()));
                return new Attached(started, attachment[0]);
            } catch (IOException | RuntimeException e) {
                if (attachment[0] != null) {
                    attachment[0].close();
                }
                throw e;
            }
        }
    }

    /** A container and a connection to its conmon ({@link #attach}, {@link #startAttached}). */
    public record Attached(Container container, Attachment attachment) {
    }

    /**
     * Connects to the running container {@code ref}'s conmon (docker attach).
     *
     * @throws ContainerException docker's words when it is not running
     */
    public Attached attach(String ref) throws IOException {
        Container c = resolve(ref);
        if (!c.running()) {
            throw new ContainerException("You cannot attach to a stopped container, start it first");
        }
        return new Attached(c, Attachment.connect(files(c.id()).bundle()));
    }

    /**
     * Pumps {@code streams} through {@code attached} until the container exits (its exit code, once settled) or the
     * detach keys are typed; closes the connection.
     */
    public AttachOutcome pump(Attached attached, AttachStreams streams) throws IOException {
        try (Attachment a = attached.attachment()) {
            if (!a.pump(streams)) {
                return new AttachOutcome.Detached();
            }
        }
        return new AttachOutcome.Exited(await(attached.container().id()));
    }

    /** What runs once conmon has created the container and before its process begins. */
    @FunctionalInterface
    private interface BeforeStart {
        void run(ContainerFiles files) throws IOException;
    }

    private Container startLocked(Container c, BeforeStart beforeStart) throws IOException {
        ContainerRecord r = c.record();
        ContainerFiles f = files(r.id());
        teardown(f);
        FileTrees.delete(f.bundle());
        Files.createDirectories(f.bundle());
        for (Path p : List.of(f.pidFile(), f.conmonPidFile(), f.exitFile(), f.runtimeLog())) {
            Files.deleteIfExists(p);
        }
        FileTrees.delete(f.rootfs().resolve("l")); // the lower links are made anew at each mount
        // Recorded before anything is mounted or started: a start killed from here on leaves a "running" state
        // without a pid, which the next command (holding the lock this start held) finds dead and tears down.
        write(f.state(), new ContainerState(ContainerState.RUNNING, 0, Instant.now().toString(), "", 0, 0, 0,
                List.of(), ""));
        try {
            OverlayMount.writable(snapshots.lowerDirs(r.layers()), f.rootfs());
            List<PortMapping> published = new ArrayList<>();
            NetworkMode network = NetworkMode.parse(r.network());
            Seccomp seccomp = Seccomp.DEFAULT;
            for (String opt : r.securityOpt()) {
                seccomp = Seccomp.parseSecurityOpt(opt);
            }
            List<ContainerMount> mounts = new ArrayList<>();
            r.mounts().forEach(b -> mounts.add(new ContainerMount.Bind(b.destination(), Path.of(b.source()),
                    b.readOnly())));
            RunSpec spec = new RunSpec(r.layers(), r.args(), r.env(), r.workdir(), r.user(), r.shortId(), network,
                    mounts, seccomp);
            new RunExecutor(snapshots, store.paths().runState())
                    .writeContainerBundle(spec, r.id(), f.bundle(), f.merged(), null, r.tty());
            conmon.create(r.id(), r.name(), f, ExitCommand.command(store.root(), r.id()), r.interactive(), r.tty());
            long pid = awaitCreated(f);
            if (network == NetworkMode.PRIVATE) {
                // The namespace runc made with the created container; its process waits for the start, so the
                // network is up, and a taken port fails the start, before the process runs.
                FileTrees.delete(f.network());
                SlirpNetwork slirp = SlirpNetwork.startDetachedFor(Files.createDirectories(f.network()), pid);
                for (String p : r.ports()) {
                    for (PortMapping m : PortSpec.parse(p)) {
                        published.add(slirp.publish(m));
                    }
                }
            }
            if (beforeStart != null) {
                beforeStart.run(f);
            }
            Instant started = Instant.now(); // before the process may run (and exit): FinishedAt never precedes it
            conmon.start(r.id());
            long pidStart = procs.startMillis(pid).orElse(0L);
            ContainerState s = new ContainerState(ContainerState.RUNNING, 0, started.toString(), "", pid,
                    pidStart, Conmon.readPid(f.conmonPidFile()), published, "");
            write(f.state(), s);
            return new Container(r, s);
        } catch (IOException | RuntimeException e) {
            try {
                teardown(f);
                ContainerState before = c.state();
                // docker keeps a container whose process could not be created, with the code and the error
                write(f.state(), e instanceof ContainerException.CreateFailed failed
                        ? new ContainerState(before.status(), failed.exitCode(), before.startedAt(),
                                before.finishedAt(), 0, 0, 0, List.of(), failed.getMessage())
                        : before);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The container's first process once conmon's runc has created it; the runtime's error if it could not. */
    private long awaitCreated(ContainerFiles f) throws IOException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            long pid = Conmon.readPid(f.pidFile());
            if (pid > 0) {
                return pid;
            }
            long conmonPid = Conmon.readPid(f.conmonPidFile());
            // conmon gone, or still there running its exit command (which waits for the lock held here) after the
            // runtime logged why it failed
            if (conmonPid > 0 && Conmon.readPid(f.pidFile()) == 0
                    && (ProcessHandle.of(conmonPid).isEmpty() || runtimeFailed(f) || runsExitCommand(conmonPid))) {
                break;
            }
            sleep(10);
        }
        throw new ContainerException.CreateFailed(runtimeError(f));
    }

    /**
     * Whether conmon has started its exit command: it does so once the runtime has failed, and waits for it. The
     * child must be a JVM: a child conmon has forked but not yet turned into runc still has conmon's command line,
     * which names the exit command too (taking that for the exit command failed one start in a few dozen).
     */
    static boolean runsExitCommand(long conmonPid) {
        Optional<String> java = ProcessHandle.current().info().command();
        return java.isPresent() && ProcFs.children(conmonPid).stream()
                .map(ProcessHandle::info)
                .anyMatch(c -> c.command().equals(java)
                        && c.commandLine().map(l -> l.contains(ExitCommand.class.getName())).orElse(false));
    }

    /** Whether the runtime has logged an error (a whole line of its JSON log: it writes each at once). */
    private static boolean runtimeFailed(ContainerFiles f) {
        return !runtimeErrors(f, false).isEmpty();
    }

    private static String runtimeError(ContainerFiles f) {
        if (!Files.exists(f.runtimeLog())) {
            return "no runtime log";
        }
        List<String> messages = runtimeErrors(f, true);
        return messages.isEmpty() ? "the runtime said nothing" : String.join("; ", messages);
    }

    /** The runtime log's error messages; {@code withOther}: lines that are not its JSON too. */
    private static List<String> runtimeErrors(ContainerFiles f, boolean withOther) {
        List<String> messages = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(f.runtimeLog(), StandardCharsets.UTF_8)) {
                try {
                    JsonNode n = OciJson.readTree(line.getBytes(StandardCharsets.UTF_8));
                    if (n.path("level").asText().matches("error|fatal")) {
                        messages.add(n.path("msg").asText());
                    }
                } catch (IOException e) {
                    if (withOther && !line.isBlank()) {
                        messages.add(line.strip());
                    }
                }
            }
        } catch (IOException e) {
            // none yet
        }
        return messages;
    }

    /**
     * Sends the image's STOPSIGNAL, waits up to {@code seconds} (docker's 10 when negative), then SIGKILL; returns
     * the container once exited. A container that is not running is returned as it is.
     */
    public Container stop(String ref, int seconds) throws IOException {
        Container c = resolve(ref);
        if (!c.running()) {
            return c;
        }
        signal(c, c.record().stopSignal());
        if (!awaitExit(c, (seconds < 0 ? DEFAULT_STOP_SECONDS : seconds) * 1000L)) {
            signal(c, "KILL");
            awaitExit(c, 10_000);
        }
        int code = recordedExit(c);
        try {
            return settle(c.id()); // run -d --rm: removed here, or by its exit command already
        } catch (ContainerException.NoSuch removed) {
            return exited(c, code);
        }
    }

    /** Sends {@code signal} (a name or number) to the container's first process. */
    public Container kill(String ref, String signal) throws IOException {
        Container c = resolve(ref);
        if (!c.running() || !signal(c, signal)) {
            throw new ContainerException("Cannot kill container: " + ref + ": Container " + c.id()
                    + " is not running");
        }
        return c;
    }

    /** Stop and start again. */
    public Container restart(String ref, int seconds) throws IOException {
        stop(ref, seconds);
        return start(ref);
    }

    /** Waits until the container has exited; its exit code. */
    public int await(String ref) throws IOException {
        Container c = resolve(ref);
        // conmon ends once its exit command has settled the container (under the lock): waited for after the exit,
        // so whoever returns the exit code (run, wait, stop) leaves no JVM of ours still at work on the store
        Optional<ProcessHandle> monitor = conmonOf(files(c.id())).filter(p -> !isAncestor(p));
        int code = c.state().exitCode();
        while (c.running()) {
            awaitExit(c, Long.MAX_VALUE / 2);
            code = recordedExit(c);
            try {
                c = settle(c.id());
                code = c.state().exitCode();
            } catch (ContainerException.NoSuch removed) {
                break; // run -d --rm: removed as it exited
            }
        }
        monitor.ifPresent(p -> awaitEnd(p, 10_000));
        return code;
    }

    /** Waits up to {@code millis} for {@code p} to end; whether it did (bounded: a hung monitor hangs no command). */
    private static boolean awaitEnd(ProcessHandle p, long millis) {
        try {
            p.onExit().get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The exit code conmon wrote for a container just seen to exit (137 if none): read before settling, as a
     * {@code --rm} container's files go with it.
     */
    private int recordedExit(Container c) {
        ContainerFiles f = files(c.id());
        ContainerState s = observe(f, c.state());
        return s.exitCode();
    }

    private static Container exited(Container c, int code) {
        return new Container(c.record(), new ContainerState(ContainerState.EXITED, code, c.state().startedAt(),
                Instant.now().toString(), 0, 0, 0, List.of(), ""));
    }

    /** Whether container {@code id} has exited (or is gone): for following its log. */
    public boolean exited(String id) {
        try {
            return !observe(files(id), readState(files(id).state())).running();
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Removes the container: its process (only with {@code force} when it runs), runtime state, network, mounts
     * and directory.
     */
    public void remove(String ref, boolean force) throws IOException {
        Optional<ProcessHandle> monitor;
        try (ProcessLocks.Held lock = lock()) {
            Container c = resolveLocked(ref);
            if (c.running()) {
                if (!force) {
                    throw new ContainerException("You cannot remove a running container " + c.id() + ". Stop the"
                            + " container before attempting removal or force remove");
                }
                // conmon first: it would run its exit command, which would wait for the lock held here for nothing
                conmonOf(files(c.id())).ifPresent(ProcessHandle::destroyForcibly);
                signal(c, "KILL");
                awaitExit(c, 10_000);
            }
            monitor = removeLocked(c.id());
            // A conmon still there is about to run, or runs, its exit command, which would only find the container
            // gone after a JVM's start: ended now (under the lock, so that command is not half-way through anything)
            // rather than waited for.
            monitor.ifPresent(p -> {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            });
        }
        // After the lock is released: the conmon ended above is gone within moments; one that hangs on is not left
        // behind.
        monitor.filter(p -> !awaitEnd(p, 5_000)).ifPresent(ProcessHandle::destroyForcibly);
    }

    /**
     * Settles container {@code id} once its process has exited (what conmon's exit command runs): its network, root
     * mount and runtime state are released and its exit code recorded; with {@code -d --rm} it is removed. A
     * container gone or running again meanwhile is left as it is.
     */
    public void cleanup(String id) throws IOException {
        try (ProcessLocks.Held lock = lock()) {
            listLocked(); // settles every container found exited, this one included, and removes the --rm ones
        }
    }

    /** Tears down and deletes a container that is not running; its conmon if one is still there (not this one's parent). */
    private Optional<ProcessHandle> removeLocked(String id) throws IOException {
        ContainerFiles f = files(id);
        // The record goes first: an rm killed from here on leaves what the next command takes for a killed create
        // and removes, never a listed container with half its files deleted.
        Files.deleteIfExists(f.record());
        teardown(f);
        Optional<ProcessHandle> monitor = conmonOf(f).filter(p -> !isAncestor(p));
        FileTrees.delete(f.dir());
        return monitor;
    }

    private Optional<ProcessHandle> conmonOf(ContainerFiles f) {
        long pid = Conmon.readPid(f.conmonPidFile());
        return isConmonOf(pid, f.id()) ? ProcessHandle.of(pid) : Optional.empty();
    }

    /** Whether {@code p} is this process's parent or further up: an exit command's conmon waits for it to end. */
    private static boolean isAncestor(ProcessHandle p) {
        for (Optional<ProcessHandle> h = ProcessHandle.current().parent(); h.isPresent(); h = h.get().parent()) {
            if (h.get().pid() == p.pid()) {
                return true;
            }
        }
        return false;
    }

    /** Removes every container that is not running; their ids. */
    public List<String> prune() throws IOException {
        List<String> removed = new ArrayList<>();
        for (Container c : list()) {
            if (!c.running()) {
                try {
                    remove(c.id(), false);
                    removed.add(c.id());
                } catch (ContainerException e) {
                    // started meanwhile: spared
                }
            }
        }
        return removed;
    }

    /** Every container, newest first, with its current state. */
    public List<Container> list() throws IOException {
        try (ProcessLocks.Held lock = lock()) {
            return listLocked();
        }
    }

    /** By full id, name or unique id prefix, as docker resolves them. */
    public Container resolve(String ref) throws IOException {
        try (ProcessLocks.Held lock = lock()) {
            return resolveLocked(ref);
        }
    }

    /** The image IDs containers were made of: {@code rmi} and {@code prune} spare them. */
    public Set<String> imageIdsInUse() throws IOException {
        Set<String> ids = new HashSet<>();
        for (Container c : list()) {
            ids.add(c.record().imageId());
        }
        return ids;
    }

    /** The layers (diff IDs) containers stand on: a snapshot prune spares them. */
    public Set<String> layersInUse() throws IOException {
        Set<String> ids = new HashSet<>();
        for (Container c : list()) {
            ids.addAll(c.record().layers());
        }
        return ids;
    }

    /** The container's output log (k8s-file), for {@link ContainerLog}. */
    public Path logFile(Container c) {
        return files(c.id()).log();
    }

    /** The container's root file system while it is mounted (running), for exec and cp. */
    public Path rootfs(Container c) {
        return files(c.id()).merged();
    }

    /**
     * Runs {@code request} in the running container {@code ref} (docker exec); its exit code, or 0 for {@code -d}.
     *
     * @throws ContainerException.NoSuch for an unknown container
     * @throws ExecException          docker's words and exit code when it is not running or the process cannot start
     */
    public int exec(String ref, ExecRequest request, ContainerExec.Streams streams)
            throws IOException, InterruptedException {
        Container c = resolve(ref);
        if (!c.running()) {
            throw new ExecException("Container " + c.id() + " is not running", 1);
        }
        Path work = execDirectory(files(c.id()).dir());
        try {
            return new ContainerExec(Conmon.runtime(), runtimeRoot())
                    .execRunning(c.id(), c.id(), files(c.id()).bundle(), request, streams, work);
        } finally {
            FileTrees.delete(work);
        }
    }

    /**
     * A new directory for one exec's files, named after this process: {@link Files#createTempDirectory} would draw
     * its name from a SecureRandom, whose set-up (the security providers) was a tenth of an exec's own CPU.
     */
    private static Path execDirectory(Path containerDir) throws IOException {
        String prefix = "exec-" + ProcessHandle.current().pid() + "-";
        for (int i = 0; ; i++) {
            try {
                return Files.createDirectory(containerDir.resolve(prefix + i));
            } catch (FileAlreadyExistsException e) {
                // another exec of this process, or one of a process that had this pid and was killed: the next
            }
        }
    }

    /** What {@link #withRootfs} runs: the container, its root file system, what holds it still meanwhile. */
    @FunctionalInterface
    public interface RootfsAction<T> {
        T apply(Container container, Path rootfs, Freezer freezer) throws IOException;
    }

    /**
     * Runs {@code action} on the container's root file system (docker cp): a running container's as its process
     * sees it (its -v binds included), frozen by runc while the action works; a stopped one's mounted for the while,
     * its binds too. Under the lock, so no start or rm runs meanwhile.
     */
    public <T> T withRootfs(String ref, RootfsAction<T> action) throws IOException {
        try (ProcessLocks.Held lock = lock()) {
            Container c = resolveLocked(ref);
            ContainerFiles f = files(c.id());
            if (c.running()) {
                // its root as its process sees it: with its -v binds, which the merged directory does not show
                Path root = Path.of("/proc", Long.toString(c.state().pid()), "root");
                return action.apply(c, root, new RuncFreezer(Conmon.runtime(), runtimeRoot(), c.id()));
            }
            FileTrees.delete(f.rootfs().resolve("l")); // the lower links are made anew at each mount
            OverlayMount.writable(snapshots.lowerDirs(c.record().layers()), f.rootfs());
            try {
                bindVolumes(c.record(), f.merged());
                return action.apply(c, f.merged(), Freezer.NONE);
            } finally {
                Mounts.unmountAll(f.merged()); // the binds, deepest first, then the root
            }
        }
    }

    /**
     * Mounts the container's {@code -v} binds on its stopped root as its start would (in order, read-only ones
     * read-only), so that cp reads and writes the host's directories, as docker cp does a container's volumes, and
     * not the upper directory hidden beneath them. Targets are resolved inside the root: a symlink in the image
     * cannot point a bind outside it.
     */
    private static void bindVolumes(ContainerRecord r, Path root) throws IOException {
        RootPath inside = new RootPath(root);
        for (ContainerRecord.Bind b : r.mounts()) {
            Path source = Path.of(b.source());
            if (!Files.exists(source)) {
                continue; // gone from the host since: the next start fails on it, cp sees the container's own files
            }
            Path target = inside.resolve(b.destination(), true);
            if (Files.isDirectory(source)) {
                Files.createDirectories(target);
            } else if (!Files.exists(target)) {
                Files.createDirectories(target.getParent());
                Files.createFile(target);
            }
            Mounts.mount("none", source.toString(), "bind", target, null);
            if (b.readOnly()) {
                Mounts.mount("none", source.toString(), "remount,bind,ro", target, null);
            }
        }
    }

    /** The runc state directory of containers ({@code runc --root}), for exec. */
    public Path runtimeRoot() {
        return dir.resolve("runtime");
    }

    private Container resolveLocked(String ref) throws IOException {
        if (ID.matcher(ref).matches()) {
            // a full ID (what run -d prints and scripts pass on): its own files read, not every container's
            for (ContainerFiles f : existingLocked()) {
                if (f.id().equals(ref)) {
                    Container c = settleLocked(f);
                    if (c == null) {
                        throw new ContainerException.NoSuch(ref);
                    }
                    return c;
                }
            }
        }
        List<Container> all = listLocked();
        for (Container c : all) {
            if (c.id().equals(ref)) {
                return c;
            }
        }
        for (Container c : all) {
            if (c.name().equals(ref) || ("/" + c.name()).equals(ref)) {
                return c;
            }
        }
        List<Container> prefixed = ref.isEmpty() ? List.of()
                : all.stream().filter(c -> c.id().startsWith(ref)).toList();
        if (prefixed.size() > 1) {
            throw new ContainerException("multiple IDs found with provided prefix: " + ref);
        }
        if (prefixed.isEmpty()) {
            throw new ContainerException.NoSuch(ref);
        }
        return prefixed.get(0);
    }

    /** Lists under the lock: cleans what killed creates left and settles containers found exited. */
    private List<Container> listLocked() throws IOException {
        List<Created> out = new ArrayList<>();
        for (ContainerFiles f : existingLocked()) {
            Container c = settleLocked(f);
            if (c == null) {
                continue;
            }
            // as instants: their text drops trailing zeros of the fraction, so it does not sort as time does
            out.add(new Created(Timestamps.parse(c.record().created()), c));
        }
        // parsed once each, not at every comparison: that was a quarter of a cold ps with 50 containers
        out.sort(Comparator.comparing(Created::at).reversed());
        return out.stream().map(Created::container).toList();
    }

    /** The containers whose record exists, under the lock; what killed creates left is removed on the way. */
    private List<ContainerFiles> existingLocked() throws IOException {
        List<ContainerFiles> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String id = p.getFileName().toString();
                if (!ID.matcher(id).matches()) {
                    continue;
                }
                ContainerFiles f = files(id);
                if (!Files.exists(f.record())) {
                    // A create killed before its record was written (creates hold the lock we hold now).
                    teardown(f);
                    FileTrees.delete(p);
                    continue;
                }
                out.add(f);
            }
        }
        return out;
    }

    private record Created(Instant at, Container container) {
    }

    /**
     * One container whose record exists, its state as its processes tell it (recorded if that changed); null when it
     * was a {@code run -d --rm} one found exited, and so removed.
     */
    private Container settleLocked(ContainerFiles f) throws IOException {
        ContainerRecord r = readRecord(f.record());
        ContainerState stored = readState(f.state());
        ContainerState now = observe(f, stored);
        if (r.autoRemove() && now.status().equals(ContainerState.EXITED)) {
            removeLocked(f.id()); // run -d --rm: whichever command sees it exited first removes it
            return null;
        }
        // observe returns the state it was given when nothing changed: a record's equals would bootstrap its
        // generated method handles, tens of milliseconds of a cold ps
        if (now != stored) {
            teardown(f);
            write(f.state(), now);
        }
        return new Container(r, now);
    }

    /** Settles one container's state under the lock (after it was seen to exit). */
    private Container settle(String id) throws IOException {
        try (ProcessLocks.Held lock = lock()) {
            return resolveLocked(id);
        }
    }

    /**
     * The state as the processes tell it: a "running" container whose first process is gone has exited, with the
     * code conmon recorded, or 137 (killed) when conmon was killed as well. {@code s} itself when it still holds.
     */
    private ContainerState observe(ContainerFiles f, ContainerState s) {
        if (!s.running() || alive(s.pid(), s.pidStart())) {
            return s;
        }
        boolean recorded = Files.exists(f.exitFile());
        if (!recorded && isConmonOf(s.conmonPid(), f.id())) {
            // conmon is about to write the exit code: wait for it a little, never long
            for (int i = 0; i < 50 && !Files.exists(f.exitFile()); i++) {
                sleep(10);
            }
            recorded = Files.exists(f.exitFile());
        }
        int code = 137;
        String finished = Instant.now().toString();
        if (recorded) {
            try {
                code = Integer.parseInt(Files.readString(f.exitFile(), StandardCharsets.US_ASCII).strip());
                finished = Files.getLastModifiedTime(f.exitFile()).toInstant().toString();
            } catch (IOException | NumberFormatException e) {
                // a half-written file: the process is gone all the same
            }
        }
        return new ContainerState(ContainerState.EXITED, code, s.startedAt(), finished, 0, 0, 0, List.of(), "");
    }

    /** Undoes what a start set up: the runtime's container, the network, the root mount. */
    private void teardown(ContainerFiles f) throws IOException {
        conmon.delete(f.id());
        if (Files.isDirectory(f.network())) {
            SlirpNetwork.recover(f.network());
        }
        if (Files.isDirectory(f.merged()) && Mounts.isMountPoint(f.merged())) {
            Mounts.unmount(f.merged());
        }
    }

    private boolean awaitExit(Container c, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (alive(c.state().pid(), c.state().pidStart())) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            sleep(20);
        }
        return true;
    }

    /** Whether process {@code pid} is there and started at {@code startMillis} (not a later one given its pid). */
    private boolean alive(long pid, long startMillis) {
        OptionalLong at = procs.startMillis(pid);
        return at.isPresent() && Math.abs(at.getAsLong() - startMillis) < 1000;
    }

    /** The live process {@code pid} if it started at {@code startMillis} (not a later one given the same pid). */
    private Optional<ProcessHandle> process(long pid, long startMillis) {
        return alive(pid, startMillis) ? ProcessHandle.of(pid) : Optional.empty();
    }

    /**
     * Sends {@code signal} (a name or number) to the container's first process; false if it was not running. SIGTERM
     * and SIGKILL, what stop and rm -f send, go straight to the process, as {@code runc kill} would send them (kill(2)
     * on its pid), without a runc process; other signals through runc, which knows their names.
     */
    private boolean signal(Container c, String signal) throws IOException {
        String name = signal.toUpperCase(Locale.ROOT);
        name = name.startsWith("SIG") ? name.substring(3) : name;
        boolean term = name.equals("TERM") || name.equals("15");
        if (term || name.equals("KILL") || name.equals("9")) {
            Optional<ProcessHandle> p = process(c.state().pid(), c.state().pidStart());
            return p.isPresent() && (term ? p.get().destroy() : p.get().destroyForcibly());
        }
        return conmon.kill(c.id(), signal);
    }

    private static boolean isConmonOf(long pid, String id) {
        return pid > 0 && ProcFs.commandLine(pid).map(cl -> cl.contains("conmon") && cl.contains(id)).orElse(false);
    }

    private ProcessLocks.Held lock() throws IOException {
        return ProcessLocks.lock(dir.resolve("lock"));
    }

    private ContainerFiles files(String id) {
        return new ContainerFiles(dir.resolve(id), id);
    }

    private void write(Path file, ContainerRecord record) throws IOException {
        AtomicFiles.write(file, StateJson.write(record), file.getParent());
    }

    private void write(Path file, ContainerState state) throws IOException {
        AtomicFiles.write(file, StateJson.write(state), file.getParent());
    }

    private static ContainerRecord readRecord(Path file) throws IOException {
        try {
            return StateJson.record(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static ContainerState readState(Path file) throws IOException {
        try {
            return StateJson.state(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private byte[] randomBytes() {
        byte[] b = new byte[32];
        random().nextBytes(b);
        return b;
    }

    private SecureRandom random() {
        if (random == null) {
            random = new SecureRandom();
        }
        return random;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(new InterruptedIOException("interrupted"));
        }
    }

}
