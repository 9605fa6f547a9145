package io.jbuild.cli.container;

import static org.assertj.core.api.Assertions.assertThat;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jbuild.cli.BusyboxBase;
import io.jbuild.cli.CliRunner;
import io.jbuild.cli.Shell;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Containers that outlive jbuild, through the real command line, with real runc, conmon and slirp4netns: run -d
 * from a jbuild process that then exits, ps, logs (stdout and stderr apart), stop, start (the same file system),
 * a process killed behind jbuild's back, rm -f, and nothing left afterwards; docker's messages for the mistakes.
 */
class ContainerLifecycleTest {

    /** Writes a file, says whether it was there before, then prints a line a second on each stream. */
    private static final String LOOP = "[ -f /kept ] && echo again; date > /kept; i=0; "
            + "while true; do echo out $i; echo err $i >&2; i=$((i+1)); sleep 0.2; done";

    @TempDir
    static Path tmp;
    static String store;

    @BeforeAll
    static void base() throws IOException {
        BusyboxBase.assumeTools();
        store = tmp.resolve("store").toString();
        BusyboxBase.build(store, tmp);
    }

    @AfterAll
    static void removeAll() {
        BusyboxBase.removeContainers(store);
    }

    @Test
    void runDetachedOutlivesJbuildAndKeepsItsFilesAcrossStopAndStart() throws Exception {
        // run -d in a jbuild process of its own, which exits
        Shell.Result started = Shell.run(Shell.jbuild("run", "--root", store, "-d", "--name", "looper",
                "jbuild/busybox", "sh", "-c", LOOP));
        assertThat(started.exitCode()).as(started.output()).isZero();
        String id = started.output().strip();
        assertThat(id).matches("[0-9a-f]{64}");
        // its private network is in the namespace runc made with the container (as podman's): none of jbuild's own
        // bound to a file, only a link to the container process's, which slirp4netns' command line names
        Path netns = Path.of(store, "containers", id, "network", "netns");
        assertThat(Files.isSymbolicLink(netns)).isTrue();
        assertThat(Files.readSymbolicLink(netns).toString()).matches("/proc/\\d+/ns/net");
        assertThat(Files.readString(Path.of(store, "containers", id, "bundle", "config.json")))
                .contains("{\"type\":\"network\"}");
        assertThat(mountInfo()).doesNotContain(netns.toString());
        assertThat(processesOf(id)).anyMatch(c -> c.contains("slirp4netns") && c.contains(netns.toString()));

        String ps = ok(CliRunner.run("ps", "--root", store)).out();
        assertThat(ps.lines().toList().get(0)).containsSubsequence("CONTAINER ID", "IMAGE", "COMMAND", "CREATED",
                "STATUS", "PORTS", "NAMES");
        assertThat(ps).containsPattern(id.substring(0, 12) + " +jbuild/busybox +\"sh -c .*\" +.* ago +Up .* +looper\n");
        // docker's --format: a template per container, or a table of the fields asked for
        assertThat(ok(CliRunner.run("ps", "--root", store, "-f", "name=looper", "--format",
                "{{.Names}} {{.State}} {{.Image}} {{.ID}}")).out())
                .isEqualTo("looper running jbuild/busybox " + id.substring(0, 12) + "\n");
        assertThat(ok(CliRunner.run("ps", "--root", store, "-f", "name=looper", "--format",
                "table {{.Names}}\\t{{.Status}}")).out()).matches("NAMES     STATUS\nlooper    Up .*\n");

        // its output keeps coming with no jbuild process around; stdout and stderr stay apart
        awaitTrue(() -> CliRunner.run("logs", "--root", store, "looper").out().contains("out 3\n"));
        CliRunner.Outcome logs = ok(CliRunner.run("logs", "--root", store, "looper"));
        assertThat(logs.out()).startsWith("out 0\nout 1\n").doesNotContain("err", "again");
        assertThat(logs.err()).startsWith("err 0\nerr 1\n").doesNotContain("out");
        CliRunner.Outcome tail = ok(CliRunner.run("logs", "--root", store, "--tail", "2", id.substring(0, 8)));
        assertThat(tail.out() + tail.err()).hasLineCount(2); // (one call: the log grows meanwhile)
        assertThat(ok(CliRunner.run("logs", "--root", store, "-t", "looper")).out())
                .containsPattern("(?m)^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z out 0$");

        // sh as pid 1 ignores SIGTERM: stop kills it after the timeout, docker's 137
        assertThat(ok(CliRunner.run("stop", "--root", store, "-t", "1", "looper")).out()).isEqualTo("looper\n");
        assertThat(ok(CliRunner.run("ps", "--root", store)).out()).doesNotContain("looper");
        assertThat(ok(CliRunner.run("ps", "--root", store, "-a")).out()).containsPattern("Exited \\(137\\) .* ago +looper");
        assertThat(ok(CliRunner.run("ps", "--root", store, "-a", "-f", "status=exited", "-q")).out())
                .contains(id.substring(0, 12));
        assertThat(ok(CliRunner.run("inspect", "--root", store, "looper")).out())
                .contains("\"Status\": \"exited\"", "\"ExitCode\": 137", "\"Name\": \"/looper\"");

        // start: the same container; the file it wrote before is still there
        ok(CliRunner.run("start", "--root", store, "looper"));
        assertThat(ok(CliRunner.run("ps", "--root", store)).out()).containsPattern("Up .* +looper");
        awaitTrue(() -> CliRunner.run("logs", "--root", store, "looper").out().contains("again\n"));
        // start of a running container: nothing to do, as docker
        assertThat(ok(CliRunner.run("start", "--root", store, "looper")).out()).isEqualTo("looper\n");

        // rm of a running one needs -f
        CliRunner.Outcome running = CliRunner.run("rm", "--root", store, "looper");
        assertThat(running.exitCode()).isEqualTo(1);
        assertThat(running.err()).isEqualTo("Error: You cannot remove a running container " + id
                + ". Stop the container before attempting removal or force remove\n");
        String inspect = ok(CliRunner.run("inspect", "--root", store, "looper")).out();
        long pid = Long.parseLong(inspect.replaceAll("(?s).*\"Pid\": (\\d+).*", "$1"));
        assertThat(pid).isPositive();
        ok(CliRunner.run("rm", "--root", store, "-f", "looper"));
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(ok(CliRunner.run("ps", "--root", store, "-a")).out()).doesNotContain("looper");
        assertNothingLeft(id);
    }

    @Test
    void aContainerThatExitsByItselfReleasesItsNetworkAndMountAtOnce() throws Exception {
        String id = ok(CliRunner.run("run", "--root", store, "-d", "jbuild/busybox", "sh", "-c", "sleep 1; exit 3"))
                .out().strip();
        Path state = Path.of(store, "containers", id, "state.json");
        // no jbuild command from here until all is released: conmon's exit command does it
        awaitTrue(() -> processesOf(id).isEmpty() && !mountInfo().contains(id));
        assertThat(Path.of(store, "containers", id, "network", "netns")).doesNotExist();
        assertThat(Files.readString(state)).contains("\"status\":\"exited\"", "\"exitCode\":3")
                .doesNotContain("\"finishedAt\":\"\"");
        assertThat(ok(CliRunner.run("ps", "--root", store, "-a", "--no-trunc")).out())
                .containsPattern(id + " .*Exited \\(3\\) ");
        ok(CliRunner.run("rm", "--root", store, id));
        assertNothingLeft(id);
    }

    @Test
    void aForegroundRunReturnsOnlyOnceItsContainerIsSettled() throws Exception {
        // as docker run: once it has returned, nothing of ours still works on the container (conmon's exit command,
        // a JVM of its own, once outlived it and could make a deleted store anew)
        CliRunner.Outcome run = CliRunner.run("run", "--root", store, "--name", "fg", "jbuild/busybox", "sh", "-c",
                "exit 4");
        assertThat(run.exitCode()).isEqualTo(4);
        String id = ok(CliRunner.run("ps", "--root", store, "-a", "-q", "--no-trunc", "-f", "name=fg")).out().strip();
        assertThat(id).matches("[0-9a-f]{64}");
        assertThat(processesOf(id)).isEmpty();
        ok(CliRunner.run("rm", "--root", store, id));
    }

    @Test
    void runDetachedWithRmRemovesTheContainerWhenItExitsOrIsStopped() throws Exception {
        String id = ok(CliRunner.run("run", "--root", store, "-d", "--rm", "jbuild/busybox", "sh", "-c",
                "sleep 1; exit 3")).out().strip();
        assertThat(id).matches("[0-9a-f]{64}");
        // gone with no jbuild command in between, as docker's daemon removes it
        awaitTrue(() -> !Files.exists(Path.of(store, "containers", id)) && processesOf(id).isEmpty());
        assertNothingLeft(id);

        String stopped = ok(CliRunner.run("run", "--root", store, "-d", "--rm", "--name", "autorm", "jbuild/busybox",
                "sleep", "600")).out().strip();
        assertThat(ok(CliRunner.run("ps", "--root", store)).out()).containsPattern("Up .* +autorm\n");
        assertThat(ok(CliRunner.run("stop", "--root", store, "-t", "1", "autorm")).out()).isEqualTo("autorm\n");
        assertThat(ok(CliRunner.run("ps", "--root", store, "-a")).out()).doesNotContain("autorm");
        awaitTrue(() -> processesOf(stopped).isEmpty()); // the exit command finds it removed and ends
        assertNothingLeft(stopped);
        assertThat(CliRunner.run("start", "--root", store, "autorm").err()).isEqualTo(
                "Error: No such container: autorm\n");
    }

    @Test
    void aProcessThatCannotStartLeavesACreatedContainerAsDockerDoes() throws Exception {
        // docker 20.10: -d prints the ID, then the runtime's error; exit code 127; kept as Created with that error
        CliRunner.Outcome detached = CliRunner.run("run", "--root", store, "-d", "--name", "nope", "jbuild/busybox",
                "nope");
        assertThat(detached.exitCode()).isEqualTo(127);
        String id = detached.out().strip();
        assertThat(id).matches("[0-9a-f]{64}");
        String message = "OCI runtime create failed: runc create failed: unable to start container process: exec:"
                + " \"nope\": executable file not found in $PATH: unknown";
        assertThat(detached.err()).isEqualTo("jbuild: Error: " + message + "\n");
        assertThat(ok(CliRunner.run("ps", "--root", store, "-a", "-f", "name=nope")).out())
                .containsPattern(" \"nope\" +.* ago +Created +nope\n");
        assertThat(ok(CliRunner.run("inspect", "--root", store, "nope")).out()).contains("\"Status\": \"created\"",
                "\"ExitCode\": 127", "\"Error\": \"" + message.replace("\"", "\\\"") + "\"", "\"Pid\": 0");
        awaitTrue(() -> processesOf(id).isEmpty() && !mountInfo().contains(id));

        CliRunner.Outcome foreground = CliRunner.run("run", "--root", store, "--name", "nope2", "jbuild/busybox",
                "/etc/passwd");
        assertThat(foreground.exitCode()).isEqualTo(126); // found, but not executable
        assertThat(foreground.out()).isEmpty();
        assertThat(foreground.err()).contains("OCI runtime create failed: ", "permission denied");
        assertThat(ok(CliRunner.run("ps", "--root", store, "-a", "-f", "name=nope2")).out()).contains(" Created ");

        CliRunner.Outcome removed = CliRunner.run("run", "--root", store, "-d", "--rm", "jbuild/busybox", "nope");
        assertThat(removed.exitCode()).isEqualTo(127);
        assertThat(Path.of(store, "containers", removed.out().strip())).doesNotExist();

        String id2 = ok(CliRunner.run("ps", "--root", store, "-a", "-q", "--no-trunc", "-f", "name=nope2")).out().strip();
        ok(CliRunner.run("rm", "--root", store, "nope", "nope2"));
        assertNothingLeft(id);
        assertNothingLeft(id2);
        assertNothingLeft(removed.out().strip());
    }

    @Test
    void inspectShowsDockersStateConfigMountsAndPorts() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("entrypoint"));
        Files.writeString(dir.resolve("Dockerfile"), "FROM jbuild/busybox\nENV FOO=bar\nWORKDIR /srv\n"
                + "ENTRYPOINT [\"sh\",\"-c\"]\nCMD [\"sleep 600\"]\nEXPOSE 80 81\nSTOPSIGNAL SIGINT\nLABEL a=b\n");
        ok(CliRunner.run("build", "--root", store, "-t", "jbuild/entrypoint", dir.toString()));
        Path volume = Files.createDirectories(tmp.resolve("inspected-volume"));
        String id = ok(CliRunner.run("run", "--root", store, "-d", "--name", "inspected", "-p", "127.0.0.1::80",
                "-v", volume + ":/data:ro", "-e", "A=1", "jbuild/entrypoint")).out().strip();
        ObjectMapper json = new ObjectMapper();
        JsonNode running = json.readTree(
                ok(CliRunner.run("inspect", "--root", store, "inspected")).out()).get(0);
        // what docker 20.10 shows for the same image and run (docker inspect, fields as its own output has them)
        assertThat(running.get("Config")).isEqualTo(json.readTree(("{'Hostname': '" + id.substring(0, 12) + "',"
                + " 'Domainname': '', 'User': '', 'AttachStdin': false, 'AttachStdout': false, 'AttachStderr': false,"
                + " 'ExposedPorts': {'80/tcp': {}, '81/tcp': {}}, 'Tty': false, 'OpenStdin': false,"
                + " 'StdinOnce': false, 'Env': ['A=1', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',"
                + " 'FOO=bar'], 'Cmd': ['sleep 600'], 'Image': 'jbuild/entrypoint', 'Volumes': null,"
                + " 'WorkingDir': '/srv', 'Entrypoint': ['sh', '-c'], 'OnBuild': null, 'Labels': {'a': 'b'},"
                + " 'StopSignal': 'SIGINT'}").replace('\'', '"')));
        assertThat(running.get("Path").asText()).isEqualTo("sh");
        assertThat(running.get("Args").toString()).isEqualTo("[\"-c\",\"sleep 600\"]");
        assertThat(running.get("Mounts")).isEqualTo(json.readTree(("[{'Type': 'bind', 'Source': '" + volume + "',"
                + " 'Destination': '/data', 'Mode': 'ro', 'RW': false, 'Propagation': 'rprivate'}]").replace('\'', '"')));
        JsonNode state = running.get("State");
        assertThat(state.get("Status").asText()).isEqualTo("running");
        assertThat(state.get("Running").asBoolean()).isTrue();
        assertThat(state.get("Pid").asLong()).isPositive();
        assertThat(state.get("ExitCode").asInt()).isZero();
        assertThat(state.get("Error").asText()).isEmpty();
        assertThat(state.get("FinishedAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
        JsonNode ports = running.get("NetworkSettings").get("Ports");
        assertThat(ports.get("80/tcp").get(0).get("HostIp").asText()).isEqualTo("127.0.0.1");
        assertThat(ports.get("80/tcp").get(0).get("HostPort").asInt()).isPositive(); // the port bound for 0
        assertThat(ports.get("81/tcp").isNull()).isTrue(); // exposed, not published: docker's null
        assertThat(ports.size()).isEqualTo(2);

        ok(CliRunner.run("stop", "--root", store, "-t", "0", "inspected"));
        JsonNode stopped = json.readTree(
                ok(CliRunner.run("inspect", "--root", store, "inspected")).out()).get(0);
        state = stopped.get("State");
        assertThat(state.get("Status").asText()).isEqualTo("exited");
        assertThat(state.get("ExitCode").asInt()).isEqualTo(137);
        assertThat(state.get("Pid").asLong()).isZero();
        assertThat(Instant.parse(state.get("FinishedAt").asText()))
                .isAfter(Instant.parse(state.get("StartedAt").asText()));
        assertThat(stopped.get("NetworkSettings").get("Ports").size()).isZero(); // docker's {} once stopped
        assertThat(stopped.get("Config")).isEqualTo(running.get("Config"));
        ok(CliRunner.run("rm", "--root", store, "inspected"));
        assertNothingLeft(id);
    }

    @Test
    void cpOfAStoppedContainersBindPathUsesTheHostDirectoryBothWays() throws Exception {
        Path volume = Files.createDirectories(tmp.resolve("cp-volume"));
        Path readOnly = Files.createDirectories(tmp.resolve("cp-volume-ro"));
        Files.writeString(volume.resolve("from-host.txt"), "host\n");
        CliRunner.Outcome ran = CliRunner.run("run", "--root", store, "--name", "volumes", "-v", volume + ":/data",
                "-v", readOnly + ":/ro:ro", "jbuild/busybox", "true");
        assertThat(ran.exitCode()).as(ran.err()).isZero();
        String id = ok(CliRunner.run("ps", "--root", store, "-a", "-q", "--no-trunc", "-f", "name=volumes")).out()
                .strip();
        // out of the stopped container: the host's file, as docker cp reads a stopped container's volume
        Path out = tmp.resolve("cp-out.txt");
        ok(CliRunner.run("cp", "--root", store, "volumes:/data/from-host.txt", out.toString()));
        assertThat(out).hasContent("host");
        // in: written to the host's directory, not to the container's upper directory under the bind
        Path in = Files.writeString(tmp.resolve("cp-in.txt"), "copied\n");
        ok(CliRunner.run("cp", "--root", store, in.toString(), "volumes:/data/in.txt"));
        assertThat(volume.resolve("in.txt")).hasContent("copied");
        assertThat(Path.of(store, "containers", id, "rootfs", "upper", "data", "in.txt")).doesNotExist();
        // a read-only bind stays read-only
        CliRunner.Outcome refused = CliRunner.run("cp", "--root", store, in.toString(), "volumes:/ro/in.txt");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(readOnly.resolve("in.txt")).doesNotExist();
        assertThat(mountInfo()).doesNotContain(id);
        ok(CliRunner.run("rm", "--root", store, "volumes"));
        assertNothingLeft(id);
    }

    @Test
    void psShowsTheExposedPortsOfTheContainerAlsoOnceItsImageIsRemoved() throws Exception {
        // docker keeps them in the container's config: rmi -f of the image changes nothing in ps
        Path dir = Files.createDirectories(tmp.resolve("exposed"));
        Files.writeString(dir.resolve("Dockerfile"), "FROM jbuild/busybox\nEXPOSE 8080 81/udp\n");
        ok(CliRunner.run("build", "--root", store, "-t", "jbuild/exposed", dir.toString()));
        String id = ok(CliRunner.run("run", "--root", store, "-d", "--network", "none", "--name", "exposing",
                "jbuild/exposed", "sleep", "600")).out().strip();
        assertThat(psRow(store, id, "running")).containsPattern(" 8080/tcp, 81/udp +exposing$");
        ok(CliRunner.run("rmi", "--root", store, "-f", "jbuild/exposed"));
        assertThat(CliRunner.run("inspect", "--root", store, "jbuild/exposed").exitCode()).isEqualTo(1); // gone
        assertThat(psRow(store, id, "its image removed")).containsPattern(" 8080/tcp, 81/udp +exposing$");
        ok(CliRunner.run("rm", "--root", store, "-f", id));
        assertNothingLeft(id);
    }

    @Test
    void aProcessKilledBehindJbuildsBackShowsExited137() throws Exception {
        String id = ok(CliRunner.run("run", "--root", store, "-d", "jbuild/busybox", "sleep", "600")).out().strip();
        String inspect = ok(CliRunner.run("inspect", "--root", store, id)).out();
        long pid = Long.parseLong(inspect.replaceAll("(?s).*\"Pid\": (\\d+).*", "$1"));
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        awaitTrue(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        String ps = ok(CliRunner.run("ps", "--root", store, "-a", "--no-trunc")).out();
        assertThat(ps).containsPattern(id + " .*Exited \\(137\\) ");
        // a generated name: adjective_surname
        assertThat(ps.lines().filter(l -> l.startsWith(id)).findFirst().orElseThrow()).matches(".* [a-z]+_[a-z]+[0-9]?$");
        assertThat(ok(CliRunner.run("wait", "--root", store, id)).out()).isEqualTo("137\n");
        ok(CliRunner.run("rm", "--root", store, id));
        assertNothingLeft(id);

        // its monitor killed as well (as an OOM killer or a kill -9 of everything might): nobody recorded the
        // exit, ps still answers at once with docker's 137, and rm still finds its network and mounts
        String other = ok(CliRunner.run("run", "--root", store, "-d", "jbuild/busybox", "sleep", "600")).out().strip();
        long otherPid = Long.parseLong(ok(CliRunner.run("inspect", "--root", store, other)).out()
                .replaceAll("(?s).*\"Pid\": (\\d+).*", "$1"));
        long conmonPid = Long.parseLong(Files.readString(Path.of(store, "containers", other, "conmon.pid")).strip());
        for (long p : List.of(conmonPid, otherPid)) {
            ProcessHandle.of(p).orElseThrow().destroyForcibly();
            awaitTrue(() -> !ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false));
        }
        assertThat(psRow(store, other, "conmon and the container killed")).containsPattern(" Exited \\(137\\) ");
        ok(CliRunner.run("rm", "--root", store, other));
        assertNothingLeft(other);
    }

    @Test
    void foregroundRunKeepsTheContainerUnlessRm() {
        CliRunner.Outcome o = CliRunner.run("run", "--root", store, "--name", "once", "jbuild/busybox",
                "sh", "-c", "echo to-out; echo to-err >&2; exit 3");
        assertThat(o.exitCode()).isEqualTo(3);
        assertThat(o.out()).isEqualTo("to-out\n");
        assertThat(o.err()).isEqualTo("to-err\n");
        assertThat(ok(CliRunner.run("ps", "--root", store, "-a", "-f", "name=once")).out())
                .containsPattern("Exited \\(3\\) .* ago +once\n");
        assertThat(ok(CliRunner.run("container", "prune", "--root", store)).out()).contains("Deleted Containers:");
        assertThat(ok(CliRunner.run("ps", "--root", store, "-a")).out()).doesNotContain("once");
        assertThat(CliRunner.run("run", "--root", store, "--rm", "--name", "gone", "jbuild/busybox", "true").exitCode())
                .isZero();
        assertThat(ok(CliRunner.run("ps", "--root", store, "-a")).out()).doesNotContain("gone");
    }

    @Test
    void theNextCommandCleansWhatAKilledCreateOrStartLeft() throws Exception {
        // a create killed before its record was written: a directory without record.json
        String killedCreate = "ab".repeat(32);
        Files.createDirectories(Path.of(store, "containers", killedCreate, "rootfs"));
        // a start killed after it recorded "running" and before the process's pid: its container is cleaned up
        String id = ok(CliRunner.run("run", "--root", store, "-d", "jbuild/busybox", "sleep", "600")).out().strip();
        Path state = Path.of(store, "containers", id, "state.json");
        Files.writeString(state, Files.readString(state).replaceAll("\"pid\":\\d+", "\"pid\":0"));
        String ps = ok(CliRunner.run("ps", "--root", store, "-a", "--no-trunc")).out();
        assertThat(ps).doesNotContain(killedCreate).containsPattern(id + " .*Exited \\(137\\)");
        assertThat(Path.of(store, "containers", killedCreate)).doesNotExist();
        ok(CliRunner.run("rm", "--root", store, id));
        assertNothingLeft(id);
    }

    @Test
    void logsFollowUntilTheExitAndStartAttachRestartWait() throws Exception {
        String id = ok(CliRunner.run("run", "--root", store, "-d", "--name", "counter", "jbuild/busybox",
                "sh", "-c", "n=$(cat /n 2>/dev/null || echo 0); n=$((n+1)); echo $n > /n; echo run $n; sleep 1;"
                        + " echo done $n >&2; exit $n")).out().strip();
        CliRunner.Outcome followed = ok(CliRunner.run("logs", "--root", store, "-f", "counter"));
        assertThat(followed.out()).isEqualTo("run 1\n");
        assertThat(followed.err()).isEqualTo("done 1\n");
        assertThat(ok(CliRunner.run("wait", "--root", store, "counter")).out()).isEqualTo("1\n");
        // start -a: this run's output only, and its exit code
        CliRunner.Outcome attached = CliRunner.run("start", "--root", store, "-a", "counter");
        assertThat(attached.exitCode()).isEqualTo(2);
        assertThat(attached.out()).isEqualTo("run 2\n");
        assertThat(attached.err()).isEqualTo("done 2\n");
        assertThat(ok(CliRunner.run("restart", "--root", store, "-t", "1", "counter")).out()).isEqualTo("counter\n");
        assertThat(ok(CliRunner.run("wait", "--root", store, id.substring(0, 5))).out()).isEqualTo("3\n");
        assertThat(ok(CliRunner.run("logs", "--root", store, "counter")).out()).isEqualTo("run 1\nrun 2\nrun 3\n");
        ok(CliRunner.run("rm", "--root", store, "counter"));
        assertNothingLeft(id);
    }

    @Test
    void sigtermOfAForegroundRunStopsItsContainer() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "exec " + Shell.jbuild("run", "--root", store, "--name", "fg",
                "jbuild/busybox", "sh", "-c", "echo started; sleep 600")).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        awaitTrue(() -> CliRunner.run("logs", "--root", store, "fg").out().contains("started"));
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ok(CliRunner.run("ps", "--root", store, "-a", "-f", "name=fg")).out())
                .containsPattern("Exited \\(137\\) .* ago +fg\n");
        String id = ok(CliRunner.run("ps", "--root", store, "-a", "-q", "--no-trunc", "-f", "name=fg")).out().strip();
        ok(CliRunner.run("rm", "--root", store, "fg"));
        assertNothingLeft(id);
    }

    @Test
    void dockersMessagesForMistakes() throws Exception {
        CliRunner.Outcome unknown = CliRunner.run("stop", "--root", store, "nosuch");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("Error: No such container: nosuch\n");
        assertThat(CliRunner.run("logs", "--root", store, "nosuch").err()).isEqualTo("Error: No such container: nosuch\n");
        assertThat(CliRunner.run("rm", "--root", store, "nosuch").exitCode()).isEqualTo(1);

        String id = ok(CliRunner.run("run", "--root", store, "-d", "--name", "taken", "jbuild/busybox", "sleep", "600"))
                .out().strip();
        CliRunner.Outcome conflict = CliRunner.run("run", "--root", store, "-d", "--name", "taken", "jbuild/busybox",
                "true");
        assertThat(conflict.exitCode()).isEqualTo(125);
        assertThat(conflict.err()).contains("Conflict. The container name \"/taken\" is already in use by container \""
                + id + "\". You have to remove (or rename) that container to be able to reuse that name.");
        CliRunner.Outcome rmi = CliRunner.run("rmi", "--root", store, "jbuild/busybox");
        assertThat(rmi.exitCode()).isEqualTo(1);
        assertThat(rmi.err()).contains("conflict: unable to remove repository reference \"jbuild/busybox\" (must force)"
                + " - container " + id.substring(0, 12) + " is using its referenced image");
        ok(CliRunner.run("kill", "--root", store, "taken"));
        // kill returns at once; shortly the container is down
        awaitTrue(() -> CliRunner.run("ps", "--root", store, "-a", "-f", "name=taken").out().contains("Exited (137)"));
        assertThat(CliRunner.run("kill", "--root", store, "taken").err())
                .isEqualTo("Error: Cannot kill container: taken: Container " + id + " is not running\n");
        ok(CliRunner.run("rm", "--root", store, "taken"));
        assertNothingLeft(id);
    }

    @Test
    void containersStartedAndRemovedByConcurrentJbuildProcesses() throws Exception {
        concurrently(4);
    }

    @Test
    @Tag("reliability")
    void twentyContainersStartedAndRemovedConcurrently() throws Exception {
        concurrently(20);
    }

    /** {@code n} jbuild processes each run -d a container at once, then {@code n} more remove them at once. */
    private static void concurrently(int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Shell.Result>> runs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                runs.add(pool.submit(() -> Shell.run(Shell.jbuild("run", "--root", store, "-d",
                        "jbuild/busybox", "sleep", "600"))));
            }
            Set<String> ids = new HashSet<>();
            for (Future<Shell.Result> r : runs) {
                Shell.Result result = r.get(120, TimeUnit.SECONDS);
                assertThat(result.exitCode()).as(result.output()).isZero();
                ids.add(result.output().strip());
            }
            assertThat(ids).hasSize(n).allMatch(id -> id.matches("[0-9a-f]{64}"));
            String ps = ok(CliRunner.run("ps", "--root", store, "--no-trunc")).out();
            Set<String> names = new HashSet<>();
            for (String id : ids) {
                String line = ps.lines().filter(l -> l.startsWith(id)).findFirst().orElseThrow();
                assertThat(line).contains(" Up ");
                names.add(line.substring(line.lastIndexOf(' ') + 1));
            }
            assertThat(names).hasSize(n);
            List<Future<Shell.Result>> removals = new ArrayList<>();
            for (String id : ids) {
                removals.add(pool.submit(() -> Shell.run(Shell.jbuild("rm", "--root", store, "-f", id))));
            }
            for (Future<Shell.Result> r : removals) {
                Shell.Result result = r.get(120, TimeUnit.SECONDS);
                assertThat(result.exitCode()).as(result.output()).isZero();
            }
            ids.forEach(ContainerLifecycleTest::assertNothingLeft);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRunKilledMidwayLeavesAContainerRunningOrExitedAndRmLeavesNothing() throws Exception {
        // once the start is under way: its network is being made, its monitor is being started
        killedRuns(List.of("700ms", "network", "conmon.pid"));
    }

    @Test
    @Tag("reliability")
    void runsKilledAtManyPointsLeaveContainersRunningOrExitedAndRmLeavesNothing() throws Exception {
        List<String> points = new ArrayList<>(STAGES);
        Random random = new Random();
        for (int i = 0; i < 15; i++) {
            points.add(random.nextInt(3000) + "ms");
        }
        killedRuns(points);
    }

    /** What a run -d makes in its container's directory, in order: a kill when each appears. */
    private static final List<String> STAGES = List.of("", "state.json", "record.json", "rootfs/merged", "network",
            "network/netns", "bundle/config.json", "conmon.pid", "pid");

    /**
     * jbuild run -d killed by SIGKILL at each point (a delay, {@code 700ms}, or the moment the new container's
     * directory has that file): then every container is listed Up, Exited or Created, none half.
     */
    private static void killedRuns(List<String> points) throws Exception {
        String killedStore = Files.createTempDirectory(tmp, "killed").toString();
        Path archive = tmp.resolve("busybox-" + System.nanoTime() + ".tar");
        ok(CliRunner.run("save", "--root", store, "-o", archive.toString(), "jbuild/busybox"));
        ok(CliRunner.run("load", "--root", killedStore, "-i", archive.toString()));
        Path containers = Path.of(killedStore, "containers");
        for (String point : points) {
            Set<Path> before = new HashSet<>(listed(containers));
            Process p = new ProcessBuilder("sh", "-c", "exec " + Shell.jbuild("run", "--root", killedStore, "-d",
                    "jbuild/busybox", "sleep", "600")).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (point.endsWith("ms")) {
                Thread.sleep(Long.parseLong(point.substring(0, point.length() - 2)));
            } else {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (p.isAlive() && System.nanoTime() < deadline && listed(containers).stream()
                        .noneMatch(d -> !before.contains(d) && Files.exists(d.resolve(point)))) {
                    Thread.sleep(1);
                }
            }
            p.destroyForcibly();
            p.waitFor();
            if (!point.endsWith("ms")) {
                assertThat(listed(containers)).as("a run -d got as far as " + point)
                        .anyMatch(d -> !before.contains(d) && Files.exists(d.resolve(point)));
            }
        }
        String ps = ok(CliRunner.run("ps", "--root", killedStore, "-a", "--no-trunc")).out();
        List<String> rows = ps.lines().skip(1).toList();
        // the next command (this ps) removed what killed creates left: every directory left is a listed container
        assertThat(listed(containers)).allMatch(d -> rows.stream().anyMatch(r -> r.startsWith(
                d.getFileName().toString())), "listed by ps -a");
        // Created: killed between create and start, as docker lists such a container
        assertThat(rows).allMatch(r -> r.contains(" Up ") || r.contains(" Exited (") || r.contains(" Created "),
                "Up, Exited or Created");
        for (String row : rows) {
            ok(CliRunner.run("rm", "--root", killedStore, "-f", row.substring(0, 64)));
            assertNothingLeft(killedStore, row.substring(0, 64));
        }
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(killedStore + "/containers");
        assertThat(ProcessHandle.allProcesses().map(h -> h.info().commandLine().orElse(""))
                .filter(c -> c.contains(killedStore + "/containers")).toList()).isEmpty();
        assertThat(Shell.run("runc --root " + Shell.quoted(killedStore + "/containers/runtime") + " list -q").output())
                .isBlank();
    }

    @Test
    void stopAndRmKilledMidwayLeaveTheContainerListedWholeOrGone() throws Exception {
        killedStopsAndRemovals(1, new Random(17));
    }

    @Test
    @Tag("reliability")
    void stopsAndRmsKilledAtRandomPointsLeaveContainersListedWholeOrGone() throws Exception {
        killedStopsAndRemovals(8, new Random());
    }

    /**
     * Each round: a container that ignores SIGTERM (so stop lasts its timeout) with 2000 files in its upper
     * directory; a {@code jbuild stop} SIGKILLed after a random delay, then a {@code jbuild rm -f} SIGKILLed as soon
     * as it is seen deleting those files. After each kill {@code ps -a} answers promptly and lists the container
     * running or exited with 137 and all its files, or not at all; the next {@code rm -f} leaves nothing of it.
     */
    private static void killedStopsAndRemovals(int rounds, Random random) throws Exception {
        long seed = random.nextLong();
        Random delays = new Random(seed);
        String killedStore = Files.createTempDirectory(tmp, "killed-stop-rm").toString();
        Path archive = tmp.resolve("busybox-" + System.nanoTime() + ".tar");
        ok(CliRunner.run("save", "--root", store, "-o", archive.toString(), "jbuild/busybox"));
        ok(CliRunner.run("load", "--root", killedStore, "-i", archive.toString()));
        for (int round = 0; round < rounds; round++) {
            String id = ok(CliRunner.run("run", "--root", killedStore, "-d", "jbuild/busybox", "sh", "-c",
                    "mkdir /junk; i=0; while [ $i -lt 2000 ]; do echo $i > /junk/$i; i=$((i+1)); done; touch /ready;"
                            + " exec sleep 600")).out().strip();
            Path upper = Path.of(killedStore, "containers", id, "rootfs", "upper");
            awaitTrue(() -> Files.exists(upper.resolve("ready")));

            long delay = delays.nextInt(3000);
            String what = "seed " + seed + ", round " + round + ": stop killed after " + delay + " ms";
            Process stop = jbuildProcess("stop", "--root", killedStore, "-t", "1", id);
            Thread.sleep(delay);
            stop.destroyForcibly();
            stop.waitFor();
            assertThat(psRow(killedStore, id, what)).as(what)
                    .containsPattern(" (Up .*|Exited \\(137\\) .* ago) +[a-z]+_[a-z]+[0-9]?$");
            assertThat(files(upper.resolve("junk"))).as(what).isEqualTo(2000);

            what = "seed " + seed + ", round " + round + ": rm -f killed deleting the container's files";
            Process rm = jbuildProcess("rm", "--root", killedStore, "-f", id);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (rm.isAlive() && files(upper.resolve("junk")) == 2000 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            rm.destroyForcibly();
            rm.waitFor();
            String row = psRow(killedStore, id, what);
            if (row != null) {
                assertThat(row).as(what).containsPattern(" Exited \\(137\\) .* ago +[a-z]+_[a-z]+[0-9]?$");
                assertThat(files(upper.resolve("junk"))).as(what + ": a listed container has all its files")
                        .isEqualTo(2000);
                ok(CliRunner.run("rm", "--root", killedStore, "-f", id));
            }
            assertNothingLeft(killedStore, id);
        }
        assertThat(ok(CliRunner.run("ps", "--root", killedStore, "-a", "-q")).out()).isEmpty();
        assertThat(Path.of(killedStore, "containers")).isDirectoryNotContaining("regex:.*/[0-9a-f]{64}");
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(killedStore + "/containers");
    }

    private static Process jbuildProcess(String... args) throws IOException {
        return new ProcessBuilder("sh", "-c", "exec " + Shell.jbuild(args)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** How many entries {@code dir} has (0 when it is gone). */
    private static int files(Path dir) throws IOException {
        String[] names = dir.toFile().list();
        return names == null ? 0 : names.length;
    }

    private static List<Path> listed(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.filter(d -> d.getFileName().toString().matches("[0-9a-f]{64}")).toList();
        }
    }

    /** {@code ps -a} in a process of its own, which must answer within 20 s: the container's row, or null. */
    private static String psRow(String store, String id, String what) throws Exception {
        Path out = Files.createTempFile(tmp, "ps", ".txt");
        Process ps = new ProcessBuilder("sh", "-c", "exec " + Shell.jbuild("ps", "--root", store, "-a", "--no-trunc"))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!ps.waitFor(20, TimeUnit.SECONDS)) {
            ps.destroyForcibly();
            throw new AssertionError(what + ": ps -a did not answer within 20 s");
        }
        String listed = Files.readString(out);
        assertThat(ps.exitValue()).as(what + ": " + listed).isZero();
        return listed.lines().filter(l -> l.startsWith(id)).findFirst().orElse(null);
    }

    /** No directory, mount, runc container, conmon or slirp4netns of the container is left. */
    private static void assertNothingLeft(String id) {
        assertNothingLeft(store, id);
    }

    private static void assertNothingLeft(String store, String id) {
        ContainerChecks.assertNothingLeft(store, id);
    }

    /** Command lines naming the container: its conmon, slirp4netns (its namespace's path), exit command, process. */
    private static List<String> processesOf(String id) {
        return ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse("")).filter(c -> c.contains(id))
                .toList();
    }

    private static String mountInfo() {
        try {
            return Files.readString(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CliRunner.Outcome ok(CliRunner.Outcome o) {
        assertThat(o.exitCode()).as(o.err()).isZero();
        return o;
    }

    private static void awaitTrue(Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.get()) {
            assertThat(System.nanoTime()).as("condition not met within 20 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
