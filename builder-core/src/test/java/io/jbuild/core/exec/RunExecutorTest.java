package io.jbuild.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import com.sun.net.httpserver.HttpServer;
import io.jbuild.core.layer.Compression;
import io.jbuild.core.layer.LayerApplier;
import io.jbuild.core.layer.LayerBlob;
import io.jbuild.core.layer.LayerEntry;
import io.jbuild.core.layer.LayerWriter;
import io.jbuild.core.snapshot.HostCommand;
import io.jbuild.core.snapshot.Mounts;
import io.jbuild.core.snapshot.Root;
import io.jbuild.core.snapshot.SnapshotStore;
import io.jbuild.core.snapshot.TestTar;
import io.jbuild.grammar.ast.RunMount;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RUN steps in real runc containers over real overlayfs, on a busybox image built by the executor itself. After
 * every test nothing of ours is mounted, running or left on disk.
 */
class RunExecutorTest {

    @TempDir
    static Path state;

    static SnapshotStore store;
    static RunExecutor executor;
    static List<String> busybox;

    @TempDir
    Path tmp;

    @BeforeAll
    static void busyboxImage() throws Exception {
        assumeTrue(Root.isRoot(), "mounts overlayfs and runs runc: needs root");
        assumeTrue(HostCommand.run(List.of("runc", "--version"), null).ok(), "needs runc (Debian package runc)");
        assumeTrue(Files.isExecutable(BusyboxImage.BUSYBOX), "needs /bin/busybox (Debian package busybox-static)");
        store = new SnapshotStore(state.resolve("snapshots"));
        executor = new RunExecutor(store, state);
        busybox = BusyboxImage.build(executor, store, state.resolve("blobs"));
    }

    /** Cgroups of other jbuild processes on this machine (a parallel build, a benchmark) are not ours to judge. */
    private List<Path> cgroupsBefore = List.of();

    @BeforeEach
    void noteForeignCgroups() throws IOException {
        cgroupsBefore = cgroups();
    }

    @AfterEach
    void nothingIsLeftBehind() throws IOException {
        assertThat(executor.leftovers()).isEmpty();
        assertThat(Mounts.under(state)).isEmpty();
        assertThat(HostCommand.check(List.of("runc", "--root", executor.runtimeRoot().toString(), "list", "-q"), null,
                "runc list")).isEmpty();
        // A cgroup that appeared meanwhile may be another build's running step (other processes share the host):
        // those go when their step ends; ours, if leaked, stay.
        List<Path> left = new ArrayList<>();
        for (int wait = 0; wait < 100; wait++) {
            left = new ArrayList<>(cgroups());
            left.removeAll(cgroupsBefore);
            if (left.isEmpty()) {
                break;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        assertThat(left).as("cgroups this test's containers left").isEmpty();
    }

    @Test
    void theBusyboxImageHasItsAppletsAndNoMountStubs() throws IOException {
        Path installLayer = store.find(busybox.get(1)).orElseThrow();
        List<String> paths = new ArrayList<>();
        try (var walk = Files.walk(installLayer)) {
            walk.forEach(p -> paths.add(installLayer.relativize(p).toString()));
        }
        assertThat(paths).contains("bin/sh", "bin/ls", "bin/id");
        assertThat(Files.readSymbolicLink(installLayer.resolve("bin/sh"))).hasToString("/bin/busybox");
        // /etc existed only for the hosts and resolv.conf mounts; like BuildKit's, runtime mount points for
        // /proc and /sys stay.
        assertThat(paths).noneMatch(p -> p.startsWith("etc")).contains("proc", "sys");
    }

    @Test
    void createModifyDeleteBecomeEntriesWhiteoutsAndOpaqueDirectories() throws Exception {
        List<String> layers = new ArrayList<>(busybox);
        List<LayerBlob> blobs = new ArrayList<>();
        try (RunResult r = run(sh("mkdir -p /data/sub && echo hello > /data/sub/f && echo keep > /data/k"
                + " && echo x > /gone && mkdir -p /dir/inner && touch /dir/inner/old"), layers)) {
            blobs.add(commit(r.diff(), layers));
        }

        List<LayerEntry> entries = new ArrayList<>();
        try (RunResult r = run(sh("echo more >> /data/k && rm /gone && rm -rf /dir && mkdir /dir"
                + " && echo fresh > /dir/new && touch /short && rm /short"), layers)) {
            r.diff().forEachRemaining(entries::add);
            blobs.add(commit(entries.iterator(), layers));
        }
        assertThat(entries).extracting(LayerEntry::path)
                .containsExactly("data", "data/k", "dir", "dir/.wh..wh..opq", "dir/new", ".wh.gone");

        // Both layers applied like any image's: the deletions are invisible.
        Path image = Files.createDirectories(tmp.resolve("image"));
        LayerApplier applier = new LayerApplier(1L << 30);
        for (LayerBlob blob : blobs) {
            try (InputStream in = Files.newInputStream(blob.file())) {
                applier.apply(in, image);
            }
        }
        assertThat(listing(image)).containsExactly("data", "dir");
        assertThat(listing(image.resolve("dir"))).containsExactly("new");
        assertThat(image.resolve("data/k")).hasContent("keep\nmore");
        assertThat(image.resolve("data/sub/f")).hasContent("hello");
    }

    @Test
    void aNonRootUserOwnsWhatItCreates() throws Exception {
        TestTar.Layer users = new TestTar()
                .file("etc/passwd", "root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n")
                .file("etc/group", "root:x:0:\napp:x:1000:\nextra:x:2000:app\n")
                .dir("home/app", 0755)
                .build();
        store.unpack(users.diffId(), users.open());
        List<String> layers = new ArrayList<>(busybox);
        layers.add(users.diffId());
        // home/app is root's in the tar; the step that makes it the user's is like a COPY --chown.
        try (RunResult r = run(sh("chown app:app /home/app"), layers)) {
            commit(r.diff(), layers);
        }

        List<String> out = new ArrayList<>();
        List<LayerEntry> entries = new ArrayList<>();
        try (RunResult r = executor.run(RunSpec.of(layers, sh("id && touch mine"))
                .withUser("app").withWorkdir("/home/app"), (s, line) -> out.add(line))) {
            assertThat(r.exitCode()).isZero();
            r.diff().forEachRemaining(entries::add);
        }
        assertThat(out).containsExactly("uid=1000(app) gid=1000(app) groups=1000(app),2000(extra)");
        LayerEntry mine = entries.stream().filter(e -> e.path().equals("home/app/mine")).findFirst().orElseThrow();
        assertThat(mine.uid()).isEqualTo(1000);
        assertThat(mine.gid()).isEqualTo(1000);

        out.clear();
        try (RunResult r = executor.run(RunSpec.of(busybox, List.of("id")).withUser("1234:5678"),
                (s, line) -> out.add(line))) {
            assertThat(r.exitCode()).isZero();
        }
        assertThat(out).containsExactly("uid=1234 gid=5678 groups=5678");

        assertThatThrownBy(() -> executor.run(RunSpec.of(busybox, List.of("id")).withUser("nobody"),
                OutputSink.DISCARD)).hasMessage("unable to find user nobody: no matching entries in passwd file");
    }

    @Test
    void theRuntimeMountsTheStepsRootInTheContainerAndAPruneMeanwhileSparesItsLayers() throws Exception {
        CountDownLatch up = new CountDownLatch(1);
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Path held = state.resolve("snapshots/held");
        try {
            Future<Integer> step = pool.submit(() -> {
                try (RunResult r = executor.run(RunSpec.of(busybox, sh("echo up; n=0; while [ $n -lt 15 ];"
                        + " do sleep 0.1; n=$((n+1)); done; mount | head -n 1; ls /bin/sh")), (s, line) -> {
                            out.add(line.strip());
                            up.countDown();
                        })) {
                    return r.exitCode();
                }
            });
            assertThat(up.await(30, TimeUnit.SECONDS)).isTrue();
            // No mount of the step's root here (it would need a mount and an umount command per step) ...
            assertThat(Mounts.under(state)).as("mounts here while the step runs")
                    .noneMatch(p -> p.endsWith("root/merged"));
            // ... so its layers are marked in use where a prune looks (as an overlay mounted here is), and spared.
            try (var lists = Files.list(held)) {
                assertThat(lists.filter(p -> p.toString().endsWith(".lowers")).toList()).hasSize(1);
            }
            store.prune(Set.of());
            for (String layer : busybox) {
                assertThat(store.find(layer)).as("snapshot " + layer + " after a prune").isPresent();
            }
            assertThat(step.get(30, TimeUnit.SECONDS)).as(out.toString()).isZero();
        } finally {
            pool.shutdownNow();
        }
        assertThat(out).hasSize(3).startsWith("up").endsWith("/bin/sh");
        assertThat(out.get(1)).startsWith("overlay on / type overlay ");
        try (var lists = Files.list(held)) {
            assertThat(lists.toList()).as("the mark goes with the step").isEmpty();
        }
    }

    @Test
    void aRuntimeThatWillNotMountTheRootGetsItMountedHere() throws Exception {
        // A runtime that refuses a mount at "/" as newer runc versions may: it logs the error runc would and fails.
        Path refusals = tmp.resolve("refusals");
        Path runtime = tmp.resolve("runtime");
        Files.writeString(runtime, "#!/bin/sh\nlog=; bundle=; prev=\nfor a in \"$@\"; do\n"
                + "  case \"$prev\" in --log) log=$a ;; --bundle) bundle=$a ;; esac; prev=$a\ndone\n"
                + "if [ -n \"$bundle\" ] && grep -q '\"destination\":\"/\",\"type\":\"overlay\"' \"$bundle/config.json\";"
                + " then\n  echo refused >> " + refusals + "\n"
                + "  echo '{\"level\":\"error\",\"msg\":\"runc run failed: error mounting overlay to rootfs at /\"}'"
                + " >> \"$log\"\n  exit 1\nfi\nexec runc \"$@\"\n");
        Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
        List<String> out = new ArrayList<>();
        try (RunExecutor build = new RunExecutor(store, state, runtime.toString())) {
            for (int i = 0; i < 2; i++) {
                try (RunResult r = build.run(RunSpec.of(busybox, sh("echo ran > /f; cat /f")),
                        (s, line) -> out.add(line.strip()))) {
                    assertThat(r.exitCode()).isZero();
                    List<LayerEntry> entries = new ArrayList<>();
                    r.diff().forEachRemaining(entries::add);
                    assertThat(entries).extracting(LayerEntry::path).containsExactly("f");
                }
            }
        }
        assertThat(out).containsExactly("ran", "ran");
        assertThat(Files.readAllLines(refusals)).as("asked once, then never again").hasSize(1);
    }

    @Test
    void aSymlinkedEtcIsResolvedInTheRootAsBefore() throws Exception {
        // /etc a link inside the image: what the set-up reads through it is the link's target in the root.
        TestTar.Layer linked = new TestTar()
                .dir("private/etc", 0755)
                .file("private/etc/passwd", "root:x:0:0::/root:/bin/sh\napp:x:1234:1234::/:/bin/sh\n")
                .file("private/etc/group", "root:x:0:\napp:x:1234:\n")
                .link("etc", "private/etc", TarConstants.LF_SYMLINK)
                .build();
        store.unpack(linked.diffId(), linked.open());
        List<String> layers = new ArrayList<>(busybox);
        layers.add(linked.diffId());
        List<String> out = new ArrayList<>();
        try (RunResult r = executor.run(RunSpec.of(layers, sh("id; cat /private/etc/hosts | head -n 1"))
                .withUser("app"), (s, line) -> out.add(line))) {
            assertThat(r.exitCode()).as(out.toString()).isZero();
        }
        assertThat(out).containsExactly("uid=1234(app) gid=1234(app) groups=1234(app)", "127.0.0.1\tlocalhost"
                + " buildkitsandbox");
    }

    @Test
    void environmentWorkdirAndHostnameAreTheSteps() throws Exception {
        List<String> out = new ArrayList<>();
        List<LayerEntry> entries = new ArrayList<>();
        try (RunResult r = executor.run(RunSpec.of(busybox, sh("echo $GREETING-$BUILD_ARG; echo $PATH; pwd; hostname;"
                        + " cat /etc/hosts; ulimit -Hn"))
                .withEnv(List.of("GREETING=hello", "BUILD_ARG=1.0")).withWorkdir("/srv/app").withHostname("box"),
                (s, line) -> out.add(line))) {
            assertThat(r.exitCode()).isZero();
            r.diff().forEachRemaining(entries::add);
        }
        assertThat(out).startsWith("hello-1.0", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "/srv/app", "box", "127.0.0.1\tlocalhost box");
        assertThat(out.get(out.size() - 1)).isEqualTo(hostLimit("Max open files"));
        // The working directory stays in the layer; the hosts and resolv.conf mount points do not.
        assertThat(entries).extracting(LayerEntry::path).containsExactly("srv", "srv/app");
        assertThat(entries.get(1).mode()).isEqualTo(0755);
    }

    @Test
    void theSandboxIsDockers() throws Exception {
        List<String> out = new ArrayList<>();
        try (RunResult r = executor.run(RunSpec.of(busybox, sh("grep -E '^Cap(Eff|Bnd)' /proc/self/status;"
                + " echo timer_list $(wc -c < /proc/timer_list);"
                + " awk '$2==\"/sys\" || $2==\"/proc/sys\" {print $2, substr($4, 1, 2)}' /proc/mounts;"
                + " echo pid $$; ls /proc | grep -cE '^[0-9]+$'")), (s, line) -> out.add(line.strip()))) {
            assertThat(r.exitCode()).as(out.toString()).isZero();
        }
        // docker's default capabilities (0xa80425fb), read-only /sys and /proc/sys, a pid namespace of its own
        // (the shell is pid 1 and sees only itself and its children).
        assertThat(out).startsWith("CapEff:\t00000000a80425fb", "CapBnd:\t00000000a80425fb");
        assertThat(out).contains("/sys ro", "/proc/sys ro", "pid 1");
        assertThat(Integer.parseInt(out.get(out.size() - 1))).isLessThan(5);
        Path timerList = Path.of("/proc/timer_list");
        if (Files.exists(timerList) && !Files.readString(timerList).isEmpty()) {
            assertThat(out).as("a masked path reads empty").contains("timer_list 0");
        }
    }

    @Test
    void aFailingCommandReportsItsExitCodeAndLastLines() throws Exception {
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        try (RunResult r = executor.run(RunSpec.of(busybox, sh("for i in $(seq 1 30); do echo line $i; done;"
                + " echo oops >&2; exit 3")), (s, line) -> out.add(s + " " + line))) {
            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.lastLines()).hasSize(21).contains("line 11", "line 30", "oops").doesNotContain("line 10");
        }
        assertThat(out).contains("STDOUT line 1", "STDERR oops");

        assertThatThrownBy(() -> executor.run(RunSpec.of(busybox, List.of("/no/such/program")), OutputSink.DISCARD))
                .isInstanceOf(ContainerStartException.class)
                .hasMessageContaining("/no/such/program");
    }

    @Test
    void everyLineOfALongOutputReachesTheSinkInOrder() throws Exception {
        long[] count = new long[1];
        String[] last = new String[1];
        try (RunResult r = executor.run(RunSpec.of(busybox, sh("seq 1 100000")), (s, line) -> {
            count[0]++;
            last[0] = line;
        })) {
            assertThat(r.exitCode()).isZero();
        }
        assertThat(count[0]).isEqualTo(100_000);
        assertThat(last[0]).isEqualTo("100000");
    }

    @Test
    void aFailingSinkFailsTheStepWithoutBlockingIt() {
        assertThatThrownBy(() -> executor.run(RunSpec.of(busybox, sh("seq 1 100000")), (s, line) -> {
            throw new IllegalStateException("display closed");
        })).isInstanceOf(IOException.class).hasMessage("the output sink failed: display closed");
    }

    @Test
    void aHundredMegabyteFileStreamsIntoTheLayer() throws Exception {
        try (RunResult r = executor.run(RunSpec.of(busybox, sh("dd if=/dev/zero of=/big bs=1M count=100 2>/dev/null")),
                OutputSink.DISCARD)) {
            assertThat(r.exitCode()).isZero();
            var threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            LayerBlob blob = new LayerWriter(Compression.NONE, null, 1).write(r.diff(), tmp);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(blob.size()).isGreaterThan(100L << 20);
            assertThat(allocated).as("bytes allocated while writing 100 MB").isLessThan(16L << 20);
        }
    }

    @Test
    void networkNoneHasOnlyLoopbackWhileHostSeesTheHostsInterfaces() throws Exception {
        List<String> host = interfaces(NetworkMode.HOST);
        List<String> none = interfaces(NetworkMode.NONE);
        assertThat(none).containsExactly("lo");
        assertThat(host).containsExactlyInAnyOrderElementsOf(hostInterfaces());
        assertThat(host).hasSizeGreaterThan(1);
    }

    @Test
    void aStepRunsUnderDockersSeccompFilterAndCannotMakeAUserNamespace() throws Exception {
        List<String> out = new ArrayList<>();
        String probe = "grep '^Seccomp:' /proc/self/status; unshare -U -r true 2>&1; echo unshare $?";
        try (RunResult r = executor.run(RunSpec.of(busybox, sh(probe)), (s, line) -> out.add(line.strip()))) {
            assertThat(r.exitCode()).isZero();
        }
        assertThat(out).contains("Seccomp:\t2", "unshare 1");
        assertThat(out).anyMatch(l -> l.contains("Operation not permitted"));

        // What the filter stops: unconfined, the same step gets a user namespace where it is root.
        List<String> unconfined = new ArrayList<>();
        try (RunResult r = executor.run(RunSpec.of(busybox, sh(probe)).withSeccomp(new Seccomp.Unconfined()),
                (s, line) -> unconfined.add(line.strip()))) {
            assertThat(r.exitCode()).isZero();
        }
        assertThat(unconfined).contains("Seccomp:\t0", "unshare 0");
    }

    @Test
    void aMissingSeccompProfileFailsTheStepNamingIt() {
        Path missing = tmp.resolve("no-such-profile.json");
        assertThatThrownBy(() -> executor.run(RunSpec.of(busybox, List.of("true"))
                .withSeccomp(new Seccomp.Default(missing)), OutputSink.DISCARD))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("seccomp profile " + missing + " does not exist");
    }

    @Test
    void aPrivateNetworkReachesOutButNotTheHostsLoopback() throws Exception {
        HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "host-only secret\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            String request = "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 ";
            String probe = request + "127.0.0.1 " + port + "; echo loopback $?; " + request + "10.0.2.2 " + port
                    + "; echo gateway $?";
            List<String> isolated = new ArrayList<>();
            try (RunResult r = executor.run(RunSpec.of(busybox, sh(probe)), (s, line) -> isolated.add(line.strip()))) {
                assertThat(r.exitCode()).isZero();
            }
            assertThat(isolated).doesNotContain("host-only secret", "loopback 0", "gateway 0")
                    .anyMatch(l -> l.startsWith("loopback ")).anyMatch(l -> l.startsWith("gateway "));

            List<String> host = new ArrayList<>();
            try (RunResult r = executor.run(RunSpec.of(busybox, sh(probe)).withNetwork(NetworkMode.HOST),
                    (s, line) -> host.add(line.strip()))) {
                assertThat(r.exitCode()).isZero();
            }
            assertThat(host).contains("host-only secret", "loopback 0");
        } finally {
            server.stop(0);
        }

        assertThat(interfaces(NetworkMode.PRIVATE)).containsExactlyInAnyOrder("lo", "tap0");
        // Out through slirp4netns, its name server included (deb.debian.org answers plain http).
        List<String> out = new ArrayList<>();
        // (busybox's own resolver: its wget crashes in a static glibc's name lookup without the image's NSS)
        // A few tries, further apart each time: the internet (a proxy here), not the step, may refuse a few.
        try (RunResult r = executor.run(RunSpec.of(busybox, sh("cat /etc/resolv.conf; for try in 1 2 3 4 5 6; do"
                + " ip=$(nslookup deb.debian.org | awk '/^Address: [0-9.]+$/ {print $2; exit}');"
                + " status=$(printf 'HEAD /debian/ HTTP/1.0\\r\\nHost: deb.debian.org\\r\\n\\r\\n'"
                + " | nc -w 20 \"$ip\" 80 | head -n 1);"
                + " case \"$status\" in HTTP/1.*) echo \"$status\"; exit 0;; esac;"
                + " echo \"try $try: address '$ip', status '$status'\" >&2; sleep $try; done")),
                (s, line) -> out.add(line.strip()))) {
            assertThat(r.exitCode()).as(out.toString()).isZero();
        }
        assertThat(out.get(0)).isEqualTo("nameserver 10.0.2.3");
        assertThat(out.get(out.size() - 1)).startsWith("HTTP/1.");
    }

    @Test
    void aBuildsStepsShareOneNetworkAndOneWatchAndCallTheRuntimeOnlyToRunThem() throws Exception {
        // The runtime through a wrapper that notes each command it is given.
        Path calls = tmp.resolve("runtime-calls");
        Path runtime = tmp.resolve("runtime");
        Files.writeString(runtime, "#!/bin/sh\necho \"$*\" >> " + calls + "\nexec runc \"$@\"\n");
        Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
        List<String> namespaces = new ArrayList<>();
        try (RunExecutor build = new RunExecutor(store, state, runtime.toString()).keepingNetworks()) {
            for (int i = 0; i < 3; i++) {
                try (RunResult r = build.run(RunSpec.of(busybox, sh("readlink /proc/self/ns/net")),
                        (s, line) -> namespaces.add(line.strip()))) {
                    assertThat(r.exitCode()).isZero();
                    assertThat(r.diff().hasNext()).as("a step that wrote nothing has no entries").isFalse();
                }
            }
            assertThat(slirpProcesses()).as("one slirp4netns kept for the next step").hasSize(1);
            assertThat(watchShells()).as("one shell watches the steps' containers").hasSize(1);

            // Steps at the same time (parallel stages) never share one.
            CountDownLatch both = new CountDownLatch(2);
            List<String> parallel = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> steps = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    steps.add(pool.submit(() -> {
                        try (RunResult r = build.run(RunSpec.of(busybox, sh("echo up; readlink /proc/self/ns/net;"
                                + " n=0; while [ ! -e /tmp/go ] && [ $n -lt 40 ]; do sleep 0.1; n=$((n+1)); done")),
                                (s, line) -> {
                                    if (line.strip().equals("up")) {
                                        both.countDown();
                                    } else {
                                        parallel.add(line.strip());
                                    }
                                })) {
                            return r.exitCode();
                        }
                    }));
                }
                assertThat(both.await(60, TimeUnit.SECONDS)).isTrue();
                for (Future<Integer> step : steps) {
                    assertThat(step.get(60, TimeUnit.SECONDS)).isZero();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(parallel).hasSize(2);
            assertThat(parallel.get(0)).isNotEqualTo(parallel.get(1));
            assertThat(slirpProcesses()).hasSize(2);
        }
        assertThat(namespaces).hasSize(3).allMatch(n -> n.startsWith("net:[")).containsOnly(namespaces.get(0));
        // runc run, once per step: nothing asked whether a finished step's container was still there
        assertThat(Files.readAllLines(calls)).hasSize(5).allMatch(c -> c.matches(".* run --bundle .*"));
        assertThat(slirpProcesses()).as("the networks go with the executor").isEmpty();
        assertThat(watchShells()).as("and its watch").isEmpty();
    }

    @Test
    void aBuildKilledWithSigkillBetweenStepsLeavesItsKeptNetworkToRecover() throws Exception {
        Process child = childBuild("--keep-networks");
        assertThat(slirpProcesses()).as("the child's slirp4netns").hasSize(1);
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((!runtimeContainers().isEmpty() || !slirpProcesses().isEmpty() || !watchShells().isEmpty())
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(runtimeContainers()).as("containers 5 s after kill -9").isEmpty();
        assertThat(slirpProcesses()).as("slirp4netns 5 s after kill -9").isEmpty();
        assertThat(watchShells()).as("the watch, done once it deleted the container").isEmpty();

        Recovery recovery = executor.recover();

        // the kept network's namespace file; the step's root overlay was the runtime's, gone with its container
        assertThat(recovery.mounts()).isEqualTo(1);
        assertThat(recovery.directories()).isEqualTo(2); // the step's directory; the network's
        assertThat(executor.recover().nothing()).isTrue();
    }

    /** The {@link OwnerWatch} shells watching containers of the tests' runtime state. */
    private static List<ProcessHandle> watchShells() {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(c -> c.contains("read -r op id") && c.contains(state.toString())).orElse(false)).toList();
    }

    @Test
    void aCacheMountPersistsBetweenStepsAndStaysOutOfTheLayer() throws Exception {
        ContainerMount cache = RunMounts.toContainerMount(
                RunMount.parse("type=cache,target=/root/.m2,id=m2,sharing=locked"),
                "/", null);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            try (RunResult r = executor.run(RunSpec.of(busybox, sh("echo run >> /root/.m2/log; wc -l < /root/.m2/log"))
                    .withMounts(List.of(cache)), (s, line) -> out.add(line.strip()))) {
                assertThat(r.exitCode()).isZero();
                List<LayerEntry> entries = new ArrayList<>();
                r.diff().forEachRemaining(entries::add);
                assertThat(entries).extracting(LayerEntry::path).isEmpty();
            }
        }
        assertThat(out).containsExactly("1", "2");
    }

    @Test
    void lockedCachesAreTakenOneStepAtATime() throws Exception {
        ContainerMount cache = RunMounts.toContainerMount(
                RunMount.parse("type=cache,target=/c,id=serial,sharing=locked"), "/", null);
        RunSpec spec = RunSpec.of(busybox, sh("mkdir /c/in-use || exit 9; sleep 0.3; rmdir /c/in-use"))
                .withMounts(List.of(cache));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> exits = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                exits.add(pool.submit(() -> {
                    try (RunResult r = executor.run(spec, OutputSink.DISCARD)) {
                        return r.exitCode();
                    }
                }));
            }
            for (Future<Integer> f : exits) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aReapingExecutorDeletesFinishedStepsInTheBackgroundAndItsCloseWaitsForThem() throws Exception {
        List<String> stepDirs = new ArrayList<>();
        try (RunExecutor build = new RunExecutor(store, state).reapingSteps()) {
            for (int i = 0; i < 3; i++) {
                try (RunResult r = build.run(RunSpec.of(busybox, sh("mkdir -p /out && for i in $(seq 1 200); do"
                        + " echo $i > /out/f$i; done")), OutputSink.DISCARD)) {
                    assertThat(r.exitCode()).isZero();
                    assertThat(r.diff().hasNext()).isTrue();
                    stepDirs.add(r.id());
                }
            }
            // the containers are gone at once; their directories (the upper ones with 200 files) may still be
            // being deleted
            assertThat(HostCommand.check(List.of("runc", "--root", build.runtimeRoot().toString(), "list", "-q"),
                    null, "runc list")).isEmpty();
        }
        assertThat(stepDirs).hasSize(3).allSatisfy(id -> {
            assertThat(state.resolve("runs").resolve(id)).doesNotExist();
            assertThat(state.resolve("runs").resolve(id + ".lock")).doesNotExist();
        });
        assertThat(executor.leftovers()).isEmpty();
    }

    @Test
    void secretsAreReadableInTheStepAndNeverInTheLayer() throws Exception {
        Path secret = Files.writeString(tmp.resolve("token"), "s3cr3t");
        ContainerMount mount = RunMounts.toContainerMount(RunMount.parse("type=secret,id=token"), "/", secret);
        List<String> out = new ArrayList<>();
        List<LayerEntry> entries = new ArrayList<>();
        try (RunResult r = executor.run(RunSpec.of(busybox, sh("cat /run/secrets/token; echo;"
                + " stat -c '%a %u' /run/secrets/token; echo x > /run/secrets/token || echo read-only"))
                .withMounts(List.of(mount)), (s, line) -> out.add(line))) {
            assertThat(r.exitCode()).isZero();
            r.diff().forEachRemaining(entries::add);
        }
        assertThat(out).containsSubsequence("s3cr3t", "400 0", "read-only");
        assertThat(entries).isEmpty();
        assertThat(secret).hasContent("s3cr3t");
    }

    @Test
    void theStepsRuntimeConfigHoldingItsEnvironmentIsOwnerOnlyAndGoesWithTheStep() throws Exception {
        // A secret given as env= reaches the step through the runtime config's environment.
        List<String> modes = new ArrayList<>();
        RunSpec spec = RunSpec.of(busybox, sh("echo started; sleep 0.2")).withEnv(List.of("TOKEN=s3cr3t"));
        try (RunResult r = executor.run(spec, (s, line) -> {
            try (var walk = Files.walk(executor.runsDir())) {
                for (Path p : walk.filter(f -> f.getFileName().toString().equals("config.json")).toList()) {
                    if (Files.readString(p).contains("s3cr3t")) {
                        modes.add(PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(p)));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        })) {
            assertThat(r.exitCode()).isZero();
            assertThat(modes).as("config.json with the secret, seen while the step ran").containsExactly("rw-------");
            try (var walk = Files.walk(executor.runsDir())) {
                assertThat(walk.filter(f -> f.getFileName().toString().equals("config.json")).toList())
                        .as("deleted when the step ended, before the layer is read").isEmpty();
            }
        }
    }

    @Test
    void bindAndTmpfsMountsLeaveTheirSourcesAndTheLayerAlone() throws Exception {
        Path context = Files.createDirectories(tmp.resolve("context"));
        Files.writeString(context.resolve("in.txt"), "from the context");
        ContainerMount ro = RunMounts.toContainerMount(RunMount.parse("target=/src"), "/", context);
        ContainerMount rw = RunMounts.toContainerMount(RunMount.parse("target=/scratch,rw"), "/", context);
        ContainerMount tmpfs = RunMounts.toContainerMount(RunMount.parse("type=tmpfs,target=/work/tmp"), "/", null);
        List<String> out = new ArrayList<>();
        List<LayerEntry> entries = new ArrayList<>();
        try (RunResult r = executor.run(RunSpec.of(busybox, sh("cat /src/in.txt; echo; touch /src/x || echo ro;"
                        + " echo changed > /scratch/in.txt && cat /scratch/in.txt; echo t > /work/tmp/t && echo tmp ok;"
                        + " echo kept > /work/kept"))
                .withMounts(List.of(tmpfs, ro, rw)), (s, line) -> out.add(line))) {
            assertThat(r.exitCode()).isZero();
            r.diff().forEachRemaining(entries::add);
        }
        assertThat(out).containsSubsequence("from the context", "ro", "changed", "tmp ok");
        assertThat(context.resolve("in.txt")).hasContent("from the context");
        assertThat(listing(context)).containsExactly("in.txt");
        assertThat(entries).extracting(LayerEntry::path).containsExactly("work", "work/kept");
    }

    @Test
    void anInterruptedStepIsKilledAndUndone() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Thread[] runner = new Thread[1];
        Throwable[] thrown = new Throwable[1];
        runner[0] = new Thread(() -> {
            try (RunResult ignored = executor.run(RunSpec.of(busybox, sh("echo started; sleep 60")),
                    (s, line) -> started.countDown())) {
                thrown[0] = new AssertionError("finished");
            } catch (Throwable t) {
                thrown[0] = t;
            }
        });
        long start = System.nanoTime();
        runner[0].start();
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        runner[0].interrupt();
        runner[0].join(TimeUnit.SECONDS.toMillis(30));
        assertThat(runner[0].isAlive()).isFalse();
        assertThat(thrown[0]).isInstanceOf(InterruptedException.class);
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(20));
    }

    @Test
    void aBuildKilledWithSigkillTakesItsContainerAndSlirpAlongAndRecoverRemovesTheRest() throws Exception {
        Process child = childBuild();
        assertThat(slirpProcesses()).as("the child's slirp4netns").hasSize(1);
        assertThat(runtimeContainers()).hasSize(1);
        child.destroyForcibly(); // kill -9: no shutdown hook runs
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        // No jbuild command runs meanwhile: the container and slirp4netns go with the JVM.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((!runtimeContainers().isEmpty() || !slirpProcesses().isEmpty()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(runtimeContainers()).as("containers 5 s after kill -9").isEmpty();
        assertThat(slirpProcesses()).as("slirp4netns 5 s after kill -9").isEmpty();
        assertThat(executor.leftovers()).isNotEmpty(); // its mounts and directory wait for recover()

        Recovery recovery = executor.recover();

        assertThat(recovery.containers()).isZero();
        // the network namespace's file: the runtime mounted the root overlay in the container's namespace
        assertThat(recovery.mounts()).isEqualTo(1);
        assertThat(recovery.directories()).isEqualTo(1);
        assertThat(executor.recover().nothing()).isTrue();
    }

    /** The runc containers in the tests' runtime state: also those of a killed child. */
    private static List<String> runtimeContainers() throws IOException {
        HostCommand.Result r = HostCommand.run(List.of("runc", "--root", executor.runtimeRoot().toString(), "list",
                "-q"), null);
        return r.output().isBlank() ? List.of() : List.of(r.output().split("\n"));
    }

    /** slirp4netns processes serving a namespace below the tests' state directory. */
    private static List<ProcessHandle> slirpProcesses() {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(c -> c.contains("slirp4netns") && c.contains(state.toString())).orElse(false)).toList();
    }

    @Test
    void aSigtermedBuildCleansUpInItsShutdownHook() throws Exception {
        Process child = childBuild();
        child.destroy(); // SIGTERM, as from Ctrl-C or a CI timeout
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(executor.leftovers()).isEmpty();
    }

    @Test
    void aSigtermedBuildStopsTheNetworkItKeptInItsShutdownHook() throws Exception {
        Process child = childBuild("--keep-networks");
        child.destroy();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(executor.leftovers()).isEmpty();
        assertThat(slirpProcesses()).isEmpty();
    }

    @Test
    void recoverLeavesRunningStepsAlone() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> step = pool.submit(() -> {
                try (RunResult r = executor.run(RunSpec.of(busybox, sh("echo started; sleep 1; echo done")),
                        (s, line) -> started.countDown())) {
                    return r.exitCode();
                }
            });
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(executor.recover().nothing()).isTrue();
            // Another process's executor on the same state sees the step's lock as held too.
            assertThat(new RunExecutor(store, state).recover().nothing()).isTrue();
            assertThat(step.get(30, TimeUnit.SECONDS)).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    /** Starts {@link ChildBuild} on the busybox image and waits until its container runs. */
    private static Process childBuild(String... options) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ChildBuild.class.getName()));
        cmd.addAll(List.of(options));
        cmd.add(state.toString());
        cmd.addAll(busybox);
        Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("the child build's first line").isEqualTo("started");
        return child;
    }

    private List<String> interfaces(NetworkMode network) throws Exception {
        List<String> out = new ArrayList<>();
        try (RunResult r = executor.run(RunSpec.of(busybox, sh("tail -n +3 /proc/net/dev | cut -d: -f1"))
                .withNetwork(network), (s, line) -> out.add(line.strip()))) {
            assertThat(r.exitCode()).isZero();
        }
        return out;
    }

    private static List<String> hostInterfaces() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/net/dev"));
        List<String> out = new ArrayList<>();
        for (String line : lines.subList(2, lines.size())) {
            out.add(line.substring(0, line.indexOf(':')).strip());
        }
        return out;
    }

    private static String hostLimit(String name) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith(name)) {
                String[] w = line.trim().split("\\s+");
                return w[w.length - 2];
            }
        }
        throw new IllegalStateException(name);
    }

    private static List<String> sh(String script) {
        return List.of("/bin/sh", "-c", script);
    }

    private static RunResult run(List<String> args, List<String> layers) throws Exception {
        RunResult r = executor.run(RunSpec.of(layers, args), OutputSink.DISCARD);
        assertThat(r.exitCode()).as(String.valueOf(r.lastLines())).isZero();
        return r;
    }

    /** Writes a diff as a layer blob (kept in tmp), unpacks it and adds it to {@code layers}. */
    private LayerBlob commit(Iterator<LayerEntry> diff, List<String> layers) throws IOException {
        LayerBlob blob = new LayerWriter(Compression.GZIP, null, 1).write(diff, tmp.resolve("blobs"));
        try (InputStream in = Files.newInputStream(blob.file())) {
            store.unpack(blob.diffId(), in);
        }
        layers.add(blob.diffId());
        return blob;
    }

    private static List<String> listing(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Leaf cgroups of our containers still on the host. */
    private static List<Path> cgroups() throws IOException {
        List<Path> found = new ArrayList<>();
        Path root = Path.of("/sys/fs/cgroup");
        if (!Files.isDirectory(root)) {
            return found;
        }
        for (int attempt = 0; ; attempt++) {
            try (var walk = Files.walk(root, 4)) {
                walk.filter(p -> p.getFileName() != null && p.getFileName().toString().startsWith("jbuild-"))
                        .filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                        .forEach(found::add);
                return found;
            } catch (UncheckedIOException e) {
                if (attempt >= 5) {
                    throw e;
                }
                found.clear(); // another process's cgroup vanished during the walk
            }
        }
    }
}
