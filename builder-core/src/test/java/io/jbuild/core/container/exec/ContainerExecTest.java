package io.jbuild.core.container.exec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jbuild.core.image.OciJson;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code exec} in a runc container started here with {@code runc run -d}: the container's environment, user, cwd,
 * capabilities and seccomp filter, {@code -e -u -w -i -d}, the exit code, and docker's errors.
 */
class ContainerExecTest {

    @TempDir
    static Path tmp;
    static BusyboxContainer container;
    static ContainerExec exec;
    static final String ID = "ctrparts-exec-" + ProcessHandle.current().pid();

    @BeforeAll
    static void start() throws IOException {
        container = BusyboxContainer.start(tmp.resolve("c"), ID, List.of("/bin/sleep", "300"), null, spec -> {
            ObjectNode process = (ObjectNode) spec.get("process");
            ((ArrayNode) process.get("env")).add("FROM_IMAGE=image").add("B=image");
            process.put("cwd", "/home/app");
            process.put("noNewPrivileges", true);
            ObjectNode caps = (ObjectNode) process.get("capabilities");
            for (String set : List.of("bounding", "effective", "permitted")) {
                caps.putArray(set).add("CAP_CHOWN").add("CAP_KILL");
            }
            // the container's filter: mkdir is refused; an exec'd process must be under the same one
            ObjectNode seccomp = ((ObjectNode) spec.get("linux")).putObject("seccomp");
            seccomp.put("defaultAction", "SCMP_ACT_ALLOW");
            seccomp.putArray("architectures").add("SCMP_ARCH_X86_64").add("SCMP_ARCH_AARCH64");
            ObjectNode rule = seccomp.putArray("syscalls").addObject();
            rule.putArray("names").add("mkdir").add("mkdirat");
            rule.put("action", "SCMP_ACT_ERRNO");
        });
        exec = new ContainerExec("runc", container.runtimeRoot);
    }

    @AfterAll
    static void remove() throws IOException {
        if (container != null) {
            container.close();
        }
    }

    record Ran(int exit, String out, String err) {
    }

    private Ran run(ExecRequest request) throws Exception {
        return run(request, null);
    }

    private Ran run(ExecRequest request, String stdin) throws Exception {
        Path work = Files.createTempDirectory(tmp, "exec");
        Path out = work.resolve("out");
        Path err = work.resolve("err");
        Path in = work.resolve("in");
        Files.writeString(in, stdin == null ? "" : stdin);
        int exit = exec.exec(ID, "web", request, new ContainerExec.Streams(ProcessBuilder.Redirect.from(in.toFile()),
                ProcessBuilder.Redirect.to(out.toFile()), ProcessBuilder.Redirect.to(err.toFile())), work);
        assertThat(work.resolve("process.json")).doesNotExist();
        return new Ran(exit, Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "",
                Files.exists(err) ? Files.readString(err) : "");
    }

    @Test
    void theContainersEnvironmentWithEOnTop() throws Exception {
        Ran r = run(ExecRequest.of("sh", "-c", "echo $FROM_IMAGE $B $C; pwd; id")
                .withEnv(List.of("B=exec", "C=new")));
        // the container's own user: runc spec's 0:0 with no supplementary groups
        assertThat(r.out()).isEqualTo("image exec new\n/home/app\nuid=0(root) gid=0(root)\n");
        assertThat(r.exit()).isZero();
        // a bare -e NAME takes this process's value, as docker's client does; one it does not have is left out
        assertThat(run(ExecRequest.of("sh", "-c", "echo \"$PATH|${CTRPARTS_UNSET-unset}\"")
                .withEnv(List.of("PATH", "CTRPARTS_UNSET"))).out()).isEqualTo(System.getenv("PATH") + "|unset\n");
    }

    @Test
    void userAndWorkdirAsAsked() throws Exception {
        Ran r = run(ExecRequest.of("sh", "-c", "pwd; id; echo $HOME").withUser("app").withWorkdir("/tmp"));
        // HOME from the user's passwd entry, as docker exec -u gives it
        assertThat(r.out()).isEqualTo("/tmp\nuid=1000(app) gid=1001(app) groups=1001(app),1002(extra)\n/home/app\n");
        assertThat(run(ExecRequest.of("id").withUser("1234:5678")).out()).isEqualTo("uid=1234 gid=5678 groups=5678\n");
    }

    @Test
    void theExitCodeIsTheProcesssAndStdinIsPassed() throws Exception {
        assertThat(run(ExecRequest.of("sh", "-c", "exit 7")).exit()).isEqualTo(7);
        ExecRequest cat = new ExecRequest(List.of("cat"), List.of(), null, null, true, false, false);
        assertThat(run(cat, "piped in\n").out()).isEqualTo("piped in\n");
    }

    @Test
    void theContainersCapabilitiesSeccompAndNoNewPrivileges() throws Exception {
        long pid = Long.parseLong(new String(new ProcessBuilder("runc", "--root", container.runtimeRoot.toString(),
                "state", ID).start().getInputStream().readAllBytes(), UTF_8).replaceAll("(?s).*\"pid\":\\s*(\\d+).*", "$1"));
        String init = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.matches("(CapEff|CapBnd|Seccomp|NoNewPrivs):.*")).reduce("", (a, b) -> a + b + "\n");
        Ran r = run(ExecRequest.of("grep", "-E", "^(CapBnd|CapEff|NoNewPrivs|Seccomp):", "/proc/self/status"));
        assertThat(r.out()).isEqualTo(init).contains("Seccomp:\t2").contains("NoNewPrivs:\t1")
                .contains("CapEff:\t0000000000000021");
        Ran mkdir = run(ExecRequest.of("mkdir", "/tmp/refused"));
        assertThat(mkdir.exit()).isNotZero();
        assertThat(mkdir.err()).contains("Operation not permitted");
    }

    @Test
    void detachedReturnsOnceStarted() throws Exception {
        Ran r = run(ExecRequest.of("sh", "-c", "sleep 0.3; echo done > /tmp/detached").detached());
        assertThat(r.exit()).isZero();
        assertThat(container.rootfs.resolve("tmp/detached")).doesNotExist();
        // (the shell's redirection makes the file before echo writes to it: wait for the whole line)
        Path detached = container.rootfs.resolve("tmp/detached");
        for (int i = 0; i < 100 && !(Files.exists(detached) && Files.size(detached) == "done\n".length()); i++) {
            Thread.sleep(50);
        }
        assertThat(detached).hasContent("done");
    }

    @Test
    void dockersErrors() throws Exception {
        assertError(ExecRequest.of("nope"), 126, "OCI runtime exec failed: exec failed: unable to start container "
                + "process: exec: \"nope\": executable file not found in $PATH");
        assertError(ExecRequest.of("id").withUser("nouser"), 126,
                "unable to find user nouser: no matching entries in passwd file");
        assertError(ExecRequest.of("pwd").withWorkdir("rel"), 126,
                "OCI runtime exec failed: exec failed: Cwd must be an absolute path: unknown");
        assertThatThrownBy(() -> exec.exec("ctrparts-nosuch", "nosuch", ExecRequest.of("true"),
                ContainerExec.Streams.inherit(false), tmp)).isInstanceOf(ExecException.class)
                .hasMessage("Error: No such container: nosuch");
    }

    @Test
    void aStoppedContainerIsNotRunning() throws Exception {
        String id = ID + "-stopped";
        try (BusyboxContainer stopped = BusyboxContainer.start(tmp.resolve("s"), id, List.of("/bin/sleep", "300"),
                null, null)) {
            stopped.stop();
            ContainerExec e = new ContainerExec("runc", stopped.runtimeRoot);
            assertThatThrownBy(() -> e.exec(id, "web", ExecRequest.of("true"), ContainerExec.Streams.inherit(false),
                    tmp)).isInstanceOf(ExecException.class).hasMessage("Container web is not running")
                    .extracting(x -> ((ExecException) x).exitCode()).isEqualTo(1);
            // one that stopped after its caller saw it running: runc exec's refusal, in docker's words
            assertThatThrownBy(() -> e.execRunning(id, "web", stopped.bundle, ExecRequest.of("true"),
                    ContainerExec.Streams.inherit(false), tmp)).isInstanceOf(ExecException.class)
                    .hasMessage("Container web is not running")
                    .extracting(x -> ((ExecException) x).exitCode()).isEqualTo(1);
        }
    }

    @Test
    void aContainerKnownRunningCostsOneRuntimeProcess() throws Exception {
        // a runtime that notes each of its invocations, then is runc
        Path calls = tmp.resolve("runtime-calls");
        Path runtime = tmp.resolve("noting-runc");
        Files.writeString(runtime, "#!/bin/sh\necho \"$*\" >> " + calls + "\nexec runc \"$@\"\n");
        runtime.toFile().setExecutable(true);
        Path work = Files.createTempDirectory(tmp, "exec");
        Path out = work.resolve("out");
        int exit = new ContainerExec(runtime.toString(), container.runtimeRoot).execRunning(ID, "web",
                container.bundle, ExecRequest.of("sh", "-c", "echo $FROM_IMAGE; pwd"), new ContainerExec.Streams(
                        ProcessBuilder.Redirect.from(new File("/dev/null")), ProcessBuilder.Redirect.to(out.toFile()),
                        ProcessBuilder.Redirect.INHERIT), work);
        assertThat(exit).isZero();
        assertThat(out).hasContent("image\n/home/app"); // the bundle's process, as from the runtime's state
        // runc exec alone: no runc state before it
        assertThat(Files.readAllLines(calls)).singleElement().asString().contains(" exec ").endsWith(" " + ID);
    }

    @Test
    void withTAndATerminalTheProcessHasAPseudoTerminal() throws Exception {
        // script(1) gives the child JVM a pseudo-terminal as its standard streams, as a user's shell would
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String inside = java + " -XX:TieredStopAtLevel=1 -cp " + classPath + " " + ExecChild.class.getName() + " "
                + container.runtimeRoot + " " + ID;
        Process p = new ProcessBuilder("script", "-q", "-e", "-c", inside, "/dev/null")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        // two terminals in a row (runc's and script's) each turn \n into \r\n: under load a \r may come twice
        assertThat(out).containsPattern("/dev/pts/\\d+\r*\n").contains("TERM=xterm").contains("exit=0");
    }

    @Test
    void aTerminalGetsTermXterm() throws IOException {
        ObjectNode p = ContainerExec.process(OciJson.readTree(
                "{\"env\":[\"PATH=/bin\"],\"cwd\":\"/\"}".getBytes(UTF_8)), container.rootfs,
                new ExecRequest(List.of("sh"), List.of(), null, null, true, true, false));
        assertThat(p.get("terminal").asBoolean()).isTrue();
        assertThat(p.get("env").toString()).isEqualTo("[\"PATH=/bin\",\"TERM=xterm\"]");
    }

    private void assertError(ExecRequest request, int exit, String message) {
        assertThatThrownBy(() -> run(request)).isInstanceOf(ExecException.class).hasMessageStartingWith(message)
                .extracting(x -> ((ExecException) x).exitCode()).isEqualTo(exit);
    }
}
