package io.jbuild.core.exec;

import io.jbuild.grammar.shell.DefaultPath;
import com.fasterxml.jackson.databind.JsonNode;
import io.jbuild.core.fs.ProcessLocks;
import io.jbuild.core.fs.RootPath;
import io.jbuild.core.image.OciJson;
import io.jbuild.core.snapshot.FileTrees;
import io.jbuild.core.snapshot.Mounts;
import io.jbuild.core.snapshot.OverlayMount;
import io.jbuild.core.snapshot.SnapshotStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs RUN steps in ephemeral OCI containers (runc by default) over overlayfs: the image's layer snapshots are
 * the lower directories, a fresh upper directory takes what the step writes, and {@link RunResult#diff()} turns
 * that into layer entries.
 *
 * <p>State lives under one directory: {@code runs/<id>/} per step (overlay, bundle, generated hosts and
 * resolv.conf, secrets tmpfs) with a lock file {@code runs/<id>.lock} held while the step is alive,
 * {@code runtime/} (the runtime's {@code --root}) and {@code cache/} (cache mounts). Each container gets docker's
 * seccomp filter ({@link Seccomp}) and, by default, a private network ({@link SlirpNetwork}). Everything a step
 * mounts or starts is undone when it ends, fails, is interrupted or the JVM exits; a JVM killed by SIGKILL takes
 * the container ({@link OwnerWatch}) and slirp4netns along, and {@link #recover()} undoes the mounts and
 * directories it left, sparing steps whose lock is still held.
 */
public final class RunExecutor implements AutoCloseable {

    private static final int TAIL_LINES = 20;

    private final SnapshotStore snapshots;
    private final Path runs;
    private final OciRuntime runtime;
    private final Path cacheRoot;
    /** Replaced (once, before the first step) by {@link #seedingCaches}. */
    private volatile CacheMounts caches;
    /** Made when first needed: a container's bundle (jbuild run -d) needs none, and its set-up loads the providers. */
    private SecureRandom random;
    /** Private networks kept between steps ({@link #keepingNetworks}); null: each step makes and ends its own. */
    private StepNetworks networks;
    /** With {@link #keepingNetworks}, the one watch of all the steps' containers; null before the first. */
    private OwnerWatch sharedWatch;
    /**
     * The filters made so far, as the config's JSON text: a profile is read, filtered for this host and written on a
     * first RUN only, once however many steps follow (per step it was a third of the JVM's work of a RUN).
     */
    private final Map<String, byte[]> filters = new HashMap<>();
    /**
     * Whether the runtime mounts a step's overlay itself ({@link OverlayMount#forRuntime}); off for good once it
     * refused to.
     */
    private volatile boolean runtimeMountsRoot = true;
    /** With {@link #reapingSteps}, what deletes finished steps in the background; null: their close does. */
    private StepReaper reaper;
    /** The host's rlimits, read on a first RUN: they do not change while a build runs. */
    private List<HostLimits.Rlimit> limits;

    /** With {@code runc} from the PATH. */
    public RunExecutor(SnapshotStore snapshots, Path stateDir) {
        this(snapshots, stateDir, "runc");
    }

    /** @param runtime the OCI runtime binary: {@code runc}, {@code crun} or a path */
    public RunExecutor(SnapshotStore snapshots, Path stateDir, String runtime) {
        Path state = stateDir.toAbsolutePath().normalize();
        this.snapshots = snapshots;
        this.runs = state.resolve("runs");
        this.runtime = new OciRuntime(runtime, state.resolve("runtime"));
        this.cacheRoot = state.resolve("cache");
        this.caches = new CacheMounts(cacheRoot, CacheMountSeed.NONE);
    }

    /** Has {@code seed} fill each cache mount that is absent or empty when a step mounts it. Returns this executor. */
    public RunExecutor seedingCaches(CacheMountSeed seed) {
        caches = new CacheMounts(cacheRoot, seed);
        return this;
    }

    /**
     * The directory holding the files of cache mount {@code id} (its first instance: {@code sharing=private} ones
     * beside it are not) of the executors whose state is in {@code stateDir}; it may not exist.
     */
    public static Path cacheMountDir(Path stateDir, String id) {
        return CacheMounts.dataDir(stateDir.toAbsolutePath().normalize().resolve("cache"), id);
    }

    /**
     * Keeps the steps' private networks from one step to the next until {@link #close()} (a build's executor): a
     * chain of RUN steps then starts one namespace and one slirp4netns, not one per step, and one shell watching
     * all their containers ({@link OwnerWatch}). Returns this executor.
     */
    public synchronized RunExecutor keepingNetworks() {
        if (networks == null) {
            networks = new StepNetworks(runs);
        }
        return this;
    }

    /**
     * Has a finished step's {@link RunResult#close} delete its directory in the background (a build's executor: the
     * next step need not wait for that); {@link #close()} waits until all are deleted. Returns this executor.
     */
    public synchronized RunExecutor reapingSteps() {
        if (reaper == null) {
            reaper = new StepReaper();
        }
        return this;
    }

    /**
     * Stops the networks kept between steps and waits for the steps being deleted in the background; the executor
     * can still run steps, each with its own network.
     */
    @Override
    public void close() throws IOException {
        StepNetworks kept;
        OwnerWatch watch;
        StepReaper reaping;
        synchronized (this) {
            kept = networks;
            networks = null;
            watch = sharedWatch;
            sharedWatch = null;
            reaping = reaper;
        }
        try {
            if (kept != null) {
                kept.close();
            }
        } finally {
            try {
                if (watch != null) {
                    watch.close();
                }
            } finally {
                if (reaping != null) {
                    reaping.await();
                }
            }
        }
    }

    /** The runtime's state directory ({@code runc --root}). */
    public Path runtimeRoot() {
        return runtime.root();
    }

    /** Where the steps' temporary directories go. */
    public Path runsDir() {
        return runs;
    }

    /**
     * Runs one step to its end, streaming its output to {@code output}. A non-zero exit is a result, not an
     * exception; the caller closes the result once it has read the diff.
     *
     * @throws ContainerStartException if the runtime could not start the process
     * @throws IllegalArgumentException if the user or group does not exist in the image
     * @throws InterruptedException     if the thread was interrupted; the container is killed and all is undone
     */
    public RunResult run(RunSpec spec, OutputSink output) throws IOException, InterruptedException {
        return run(spec, new ContainerIo.Captured(output));
    }

    /** As {@link #run(RunSpec, OutputSink)}, with the standard streams {@code io} says. */
    public RunResult run(RunSpec spec, ContainerIo io) throws IOException, InterruptedException {
        if (!runtimeMountsRoot) {
            return run(spec, io, false);
        }
        try {
            return run(spec, io, true);
        } catch (ContainerStartException e) {
            // A runtime that refuses to mount the root itself (another runtime, or a runc that takes no mount at
            // "/"): the step never started, so it runs again over an overlay mounted here, as all later ones do.
            if (e.getMessage() == null || !e.getMessage().contains("mount")) {
                throw e;
            }
            runtimeMountsRoot = false;
            return run(spec, io, false);
        }
    }

    private RunResult run(RunSpec spec, ContainerIo io, boolean runtimeRoot) throws IOException,
            InterruptedException {
        String id = "jbuild-" + HexFormat.of().formatHex(bytes(8));
        Files.createDirectories(runs);
        RunCleanup cleanup = new RunCleanup(id);
        boolean handedOver = false;
        try {
            holdLock(id, cleanup);
            Path dir = Files.createDirectory(runs.resolve(id));
            cleanup.onClose(() -> deleteStepDir(dir));
            byte[] seccomp = seccompFilter(spec.seccomp());
            Path netns = null;
            if (spec.network() == NetworkMode.PRIVATE) {
                StepNetworks kept = keptNetworks();
                if (kept != null) {
                    // given back last of the teardown actions, once the container's processes are gone
                    StepNetworks.Lease lease = kept.take();
                    cleanup.onTeardown(lease::close);
                    netns = lease.namespace();
                } else {
                    SlirpNetwork network = SlirpNetwork.start(Files.createDirectory(dir.resolve("network")));
                    cleanup.onTeardown(network::close);
                    netns = network.namespace();
                }
            }

            List<Path> lowers = snapshots.lowerDirs(spec.layers());
            // The runtime mounts the overlay in the container's namespace when the lowers answer what the set-up
            // looks up: no mount and umount started per step, and the mount ends with the container.
            Optional<StepRootLookup> lookup = runtimeRoot ? StepRootLookup.of(lowers, spec) : Optional.empty();
            Optional<OverlayMount> unmounted = lookup.isPresent()
                    ? OverlayMount.forRuntime(lowers, dir.resolve("root")) : Optional.empty();
            OverlayMount root;
            Set<String> stubs;
            ContainerUser user;
            if (unmounted.isPresent()) {
                root = unmounted.get();
                // (before the container's teardown, so after it: its lowers stay marked while it runs)
                SnapshotStore.Held held = snapshots.holdLowers(root.lowers());
                cleanup.onTeardown(held::close);
                stubs = lookup.get().stubs();
                user = UserResolver.resolve(lookup.get().userFiles(), spec.user());
            } else {
                root = OverlayMount.writable(lowers, dir.resolve("root"));
                cleanup.onTeardown(root::close);
                stubs = mountStubs(root.merged(), spec);
                user = UserResolver.resolve(root.merged(), spec.user());
                makeWorkdir(new RootPath(root.merged()), spec.workdir());
            }
            OciSpec oci = prepare(spec, id, dir, root.merged(), user, cleanup,
                    io instanceof ContainerIo.Inherited inherited && inherited.terminal(), false);
            if (unmounted.isPresent()) {
                oci.rootMount(root.runtimeOptions());
            }
            if (netns != null) {
                oci.joinNetwork(netns);
            }
            if (seccomp != null) {
                oci.seccomp(seccomp);
            }
            // The config holds the step's environment, secrets given as env= included: owner-only, gone with the step.
            Path config = Files.createFile(dir.resolve("config.json"), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
            cleanup.onTeardown(() -> Files.deleteIfExists(config));
            Files.write(config, oci.toJson());

            OutputPump pump = new OutputPump(io instanceof ContainerIo.Captured c ? c.sink() : OutputSink.DISCARD,
                    TAIL_LINES);
            int exit = execute(id, dir, io, pump, cleanup);
            cleanup.teardown();
            handedOver = true;
            return new RunResult(id, exit, pump.lastLines(), root.upper(), root.lowers(), stubs, cleanup,
                    reaper());
        } finally {
            if (!handedOver) {
                cleanup.close();
            }
        }
    }

    /**
     * Deletes a step's directory. Its teardown has unmounted what the step mounted, so it is first deleted without
     * reading the mount table; only if something is still mounted there (refused: nothing below a mount is touched)
     * is everything below it unmounted first.
     */
    private static void deleteStepDir(Path dir) throws IOException {
        try {
            FileTrees.deleteWithinFileSystem(dir);
        } catch (IOException stillMounted) {
            FileTrees.delete(dir);
        }
    }

    private synchronized StepReaper reaper() {
        return reaper;
    }

    private synchronized StepNetworks keptNetworks() {
        return networks;
    }

    /**
     * Removes what killed builds left: their containers, mounts and temporary directories (and the snapshot
     * store's unfinished unpacks). Steps still running, in this process or another, are left alone.
     */
    public Recovery recover() throws IOException {
        Files.createDirectories(runs);
        int containers = 0;
        int mounts = 0;
        int directories = 0;
        for (String id : runtime.list()) {
            if (withStaleLock(id, () -> runtime.forceDelete(id))) {
                containers++;
            }
        }
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(runs)) {
            s.forEach(entries::add);
        }
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            if (name.endsWith(".lock")) {
                continue;
            }
            int[] undone = new int[1];
            if (withStaleLock(name, () -> {
                undone[0] = Mounts.under(entry).size();
                SlirpNetwork.recover(entry.resolve("network"));
                FileTrees.delete(entry);
            })) {
                mounts += undone[0];
                directories++;
            }
        }
        // Lock files whose step is gone (killed between taking the lock and making its directory). Only old ones:
        // a young one may belong to a step that has created it and not locked it yet; deleting that would leave
        // the step's container looking stale to the next recover(), which would kill it.
        Instant cutoff = Instant.now().minusSeconds(60);
        try (DirectoryStream<Path> s = Files.newDirectoryStream(runs, "*.lock")) {
            for (Path lock : s) {
                String id = lock.getFileName().toString().replaceFirst("\\.lock$", "");
                try {
                    if (!Files.exists(runs.resolve(id))
                            && Files.getLastModifiedTime(lock).toInstant().isBefore(cutoff)) {
                        withStaleLock(id, () -> { });
                    }
                } catch (NoSuchFileException e) {
                    // its step ended meanwhile
                }
            }
        }
        directories += snapshots.recover();
        return new Recovery(containers, mounts, directories);
    }

    /** Takes the step's lock for its lifetime: recover() in another build leaves a locked step alone. */
    private void holdLock(String id, RunCleanup cleanup) throws IOException {
        ProcessLocks.Held lock = ProcessLocks.lockNew(runs.resolve(id + ".lock"));
        cleanup.onClose(lock::deleteAndClose); // deleted while still held: nobody can take it in between
    }

    /** Runs {@code action} if nobody holds step {@code id}'s lock, then removes the lock file; tells if it ran. */
    private boolean withStaleLock(String id, ProcessLocks.LockedAction action) throws IOException {
        return ProcessLocks.ifAbandoned(runs.resolve(id + ".lock"), action);
    }

    /**
     * Paths created only as mount points, relative to the root: mount targets that do not exist before the step,
     * and their missing parents (BuildKit's mount stubs, removed recursively). Symlinks resolve inside the root,
     * as the runtime resolves them when it makes the mount point.
     */
    private static Set<String> mountStubs(Path rootfs, RunSpec spec) throws IOException {
        RootPath root = new RootPath(rootfs);
        List<String> targets = new ArrayList<>(List.of("/etc/hosts", "/etc/resolv.conf"));
        spec.mounts().forEach(m -> targets.add(m.target()));
        Set<String> stubs = new LinkedHashSet<>();
        for (String target : targets) {
            Path p = root.resolve(target, true);
            while (!p.equals(root.root()) && !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                stubs.add(root.relative(p));
                p = p.getParent();
            }
        }
        return stubs;
    }

    /**
     * Writes the bundle of a long-lived container ({@code jbuild run -d}) in {@code dir}: {@code config.json} with
     * the same user resolution, seccomp filter, capabilities and network as a RUN step, for {@code rootfs} (already
     * mounted; its working directory is made). Unlike a step's, {@code -v} binds are the host's directories
     * themselves, as docker's are; only binds are accepted. {@code netns} is the private network's namespace file;
     * null for host or none, and for a private network whose namespace the runtime is to make (set up by the caller
     * between create and start).
     */
    public void writeContainerBundle(RunSpec spec, String id, Path dir, Path rootfs, Path netns, boolean terminal)
            throws IOException {
        for (ContainerMount m : spec.mounts()) {
            if (!(m instanceof ContainerMount.Bind)) {
                throw new IllegalArgumentException("a container takes bind mounts only, not " + m.target());
            }
        }
        try (RunCleanup cleanup = new RunCleanup(id)) { // binds only: nothing is registered in it
            byte[] seccomp = seccompFilter(spec.seccomp());
            ContainerUser user = UserResolver.resolve(rootfs, spec.user());
            makeWorkdir(new RootPath(rootfs), spec.workdir());
            OciSpec oci = prepare(spec, id, dir, rootfs, user, cleanup, terminal, true);
            if (netns != null) {
                oci.joinNetwork(netns);
            } else if (spec.network() == NetworkMode.PRIVATE) {
                oci.newNetwork();
            }
            if (seccomp != null) {
                oci.seccomp(seccomp);
            }
            Path config = dir.resolve("config.json");
            Files.deleteIfExists(config);
            Files.createFile(config, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(config, oci.toJson());
        }
    }

    /**
     * Makes the generated files and the mounts (the working directory is there or made); returns the runtime spec.
     * With {@code directBinds}, writable binds are the host's paths (a container's {@code -v}); else writes to them
     * go to a throw-away copy (a RUN step's or {@code jbuild run}'s).
     */
    private OciSpec prepare(RunSpec spec, String id, Path dir, Path rootfs, ContainerUser user, RunCleanup cleanup,
                            boolean terminal, boolean directBinds) throws IOException {

        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, "127.0.0.1\tlocalhost " + spec.hostname()
                + "\n::1\tlocalhost ip6-localhost ip6-loopback\n", StandardCharsets.UTF_8);
        Path resolv = dir.resolve("resolv.conf");
        Files.writeString(resolv, spec.network() == NetworkMode.PRIVATE ? SlirpNetwork.resolvConf()
                : resolvConf(spec.network()), StandardCharsets.UTF_8);

        List<String> env = new ArrayList<>(spec.env());
        if (env.stream().noneMatch(e -> e.startsWith("PATH="))) {
            env.add(DefaultPath.ENTRY);
        }
        OciSpec oci = new OciSpec(rootfs, spec.args(), env, spec.workdir(), user, spec.hostname(), spec.network(),
                hostLimits(), "/jbuild/" + id, terminal);
        oci.bind("/etc/resolv.conf", resolv, true);
        oci.bind("/etc/hosts", hosts, true);

        // Parents before children, whatever order the flags came in.
        List<ContainerMount> mounts = new ArrayList<>(spec.mounts());
        mounts.sort(Comparator.comparingInt(m -> Path.of(m.target()).getNameCount()));
        for (int i = 0; i < mounts.size(); i++) {
            mount(mounts.get(i), i, dir, oci, cleanup, directBinds);
        }
        return oci;
    }

    private void mount(ContainerMount m, int index, Path dir, OciSpec oci, RunCleanup cleanup, boolean directBinds)
            throws IOException {
        if (m instanceof ContainerMount.Cache c) {
            CacheMounts.Lease lease = caches.acquire(c);
            cleanup.onTeardown(lease::close);
            oci.bind(c.target(), lease.dir(), c.readOnly());
        } else if (m instanceof ContainerMount.Bind b) {
            if (b.readOnly() || directBinds) {
                oci.bind(b.target(), b.source(), b.readOnly());
            } else if (Files.isDirectory(b.source())) {
                // Writes go to a throw-away upper directory; the source never changes.
                OverlayMount scratch = OverlayMount.writable(List.of(b.source()), dir.resolve("mounts/" + index));
                cleanup.onTeardown(scratch::close);
                oci.bind(b.target(), scratch.merged(), false);
            } else {
                Path copy = Files.createDirectories(dir.resolve("mounts")).resolve(index + ".file");
                Files.copy(b.source(), copy, StandardCopyOption.COPY_ATTRIBUTES);
                oci.bind(b.target(), copy, false);
            }
        } else if (m instanceof ContainerMount.Tmpfs t) {
            oci.mount(new OciSpec.Mount(t.target(), "tmpfs", "tmpfs",
                    t.sizeBytes() > 0 ? List.of("nosuid", "size=" + t.sizeBytes()) : List.of("nosuid")));
        } else if (m instanceof ContainerMount.Secret s) {
            Path file = secretsTmpfs(dir, cleanup).resolve(Integer.toString(index));
            Files.copy(s.source(), file);
            Files.setAttribute(file, "unix:uid", (int) s.uid());
            Files.setAttribute(file, "unix:gid", (int) s.gid());
            Files.setAttribute(file, "unix:mode", s.mode());
            oci.bind(s.target(), file, true);
        }
    }

    /** A tmpfs private to the step for its secrets, so that they are never written to disk. */
    private static Path secretsTmpfs(Path dir, RunCleanup cleanup) throws IOException {
        Path secrets = dir.resolve("secrets");
        if (!Files.isDirectory(secrets)) {
            Files.createDirectory(secrets);
            Mounts.mount("tmpfs", "tmpfs", "mode=0711,size=16m", secrets, null);
            cleanup.onTeardown(() -> Mounts.unmount(secrets));
        }
        return secrets;
    }

    /** Creates the working directory if missing: root-owned, 0755, as BuildKit's executor does. */
    private static void makeWorkdir(RootPath root, String workdir) throws IOException {
        Path target = root.resolve(workdir, true);
        List<Path> missing = new ArrayList<>();
        for (Path p = target; !p.equals(root.root()) && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            Files.createDirectory(p);
            Files.setAttribute(p, "unix:mode", 0755, LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** The host's resolv.conf; without the host's network, its loopback name servers are unreachable: dropped. */
    private static String resolvConf(NetworkMode network) throws IOException {
        Path host = Path.of("/etc/resolv.conf");
        if (!Files.isReadable(host)) {
            return "";
        }
        List<String> lines = Files.readAllLines(host, StandardCharsets.UTF_8);
        if (network == NetworkMode.NONE) {
            lines = lines.stream().filter(l -> !l.matches("\\s*nameserver\\s+(127\\..*|::1)\\s*")).toList();
        }
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    /** Runs the container to its end; the output pumps have delivered everything when this returns. */
    private int execute(String id, Path dir, ContainerIo io, OutputPump pump, RunCleanup cleanup)
            throws IOException, InterruptedException {
        Path log = dir.resolve("runtime.log");
        // If this JVM is killed, nothing of ours runs: a watching shell deletes the container then.
        OwnerWatch watch = watching(id, cleanup);
        cleanup.onTeardown(() -> watch.release(id));
        Process process = runtime.run(dir, id, log, io);
        cleanup.onTeardown(() -> runtime.kill(id, process));
        if (io instanceof ContainerIo.Captured) {
            Thread out = pump.start(process.getInputStream(), OutputSink.Stream.STDOUT, "jbuild-" + id + "-stdout");
            Thread err = pump.start(process.getErrorStream(), OutputSink.Stream.STDERR, "jbuild-" + id + "-stderr");
            int exit = process.waitFor();
            // The pipes close when the container's pid namespace is gone; wait a little for the last lines.
            out.join(TimeUnit.SECONDS.toMillis(10));
            err.join(TimeUnit.SECONDS.toMillis(10));
            return checked(exit, log, pump);
        }
        return checked(process.waitFor(), log, pump);
    }

    /**
     * The watch that deletes container {@code id} if this JVM dies, told about it: the executor's shared one
     * ({@link #keepingNetworks}), started on first use and again if its shell is gone, or one for this step alone.
     */
    private OwnerWatch watching(String id, RunCleanup cleanup) throws IOException {
        synchronized (this) {
            if (networks != null) {
                if (sharedWatch != null) {
                    try {
                        sharedWatch.watch(id);
                        return sharedWatch;
                    } catch (IOException e) {
                        sharedWatch.close(); // its shell died: a new one below
                    }
                }
                sharedWatch = OwnerWatch.start(runtime.command("delete", "--force"));
                sharedWatch.watch(id);
                return sharedWatch;
            }
        }
        OwnerWatch own = OwnerWatch.start(runtime.command("delete", "--force"));
        cleanup.onTeardown(own::close);
        own.watch(id);
        return own;
    }

    /** The exit code, unless the runtime itself failed (it logged why) or the output sink did. */
    private static int checked(int exit, Path log, OutputPump pump) throws IOException {
        if (exit != 0) {
            String error = OciRuntime.errors(log);
            if (error != null) {
                throw new ContainerStartException(error);
            }
        }
        if (pump.sinkFailure() != null) {
            throw new IOException("the output sink failed: " + pump.sinkFailure().getMessage(), pump.sinkFailure());
        }
        return exit;
    }

    /**
     * The runtime spec's filter for {@code seccomp} and the capabilities containers get, as JSON text; null for
     * unconfined.
     */
    private synchronized byte[] seccompFilter(Seccomp seccomp) throws IOException {
        if (seccomp instanceof Seccomp.Unconfined) {
            return null;
        }
        // (keyed by text: a record's hashCode is bootstrapped on its first call, a cost paid once per process)
        String key = (seccomp instanceof Seccomp.Default d ? "default:" + d.profile()
                : "custom:" + ((Seccomp.Custom) seccomp).profile());
        byte[] filter = filters.get(key);
        if (filter == null) {
            JsonNode tree;
            if (seccomp instanceof Seccomp.Default d) {
                tree = SeccompProfile.read(d.profile()).forContainer(OciSpec.DEFAULT_CAPABILITIES, true,
                        SeccompProfile.x32Enabled(SeccompProfile.KERNEL_COMMAND_LINE));
            } else {
                tree = SeccompProfile.read(((Seccomp.Custom) seccomp).profile())
                        .forContainer(OciSpec.DEFAULT_CAPABILITIES, false, true); // as it is
            }
            filter = OciJson.writeTree(tree);
            filters.put(key, filter);
        }
        return filter;
    }

    private synchronized List<HostLimits.Rlimit> hostLimits() throws IOException {
        if (limits == null) {
            limits = HostLimits.current();
        }
        return limits;
    }

    private synchronized byte[] bytes(int n) {
        if (random == null) {
            random = new SecureRandom();
        }
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /**
     * What of ours is mounted (below the state directory), running (in the runtime's state) or left in the steps'
     * directory, one description each: empty between steps. For hidden-state checks after a build.
     */
    public List<String> leftovers() throws IOException {
        List<String> found = new ArrayList<>();
        Mounts.under(runs.getParent()).forEach(p -> found.add("mount " + p));
        runtime.list().forEach(c -> found.add("container " + c));
        if (Files.isDirectory(runs)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(runs)) {
                s.forEach(p -> found.add("file " + p));
            }
        }
        return found;
    }
}
