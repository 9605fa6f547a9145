package io.jbuild.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.jbuild.cli.CliRunner;
import io.jbuild.cli.Shell;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed tutorial's script through the real command line: build the busybox base and the hello example, then
 * run it as sections 1.4.2 and 1.4.3 do (default CMD, a replaced command, -e, ARG via --build-arg, ENTRYPOINT).
 */
class RunCommandTest {

    @TempDir
    static Path tmp;
    static String store;

    @BeforeAll
    static void baseAndHello() throws IOException {
        assumeTrue(isRoot() && Files.isExecutable(Path.of("/usr/sbin/runc")) && Files.isExecutable(Path.of("/bin/busybox")),
                "needs root, runc and busybox-static (installed by .ci/run)");
        store = tmp.resolve("store").toString();
        Path base = Files.createDirectories(tmp.resolve("busybox"));
        Files.copy(CliRunner.testdata().resolve("busybox/Dockerfile"), base.resolve("Dockerfile"));
        Files.copy(Path.of("/bin/busybox"), base.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        ok(CliRunner.run("build", "--root", store, "-t", "jbuild/busybox:latest", base.toString()));
        ok(CliRunner.run("build", "--root", store, "-t", "hello:1.0", CliRunner.testdata().resolve("hello-sh").toString()));
    }

    private static CliRunner.Outcome ok(CliRunner.Outcome o) {
        assertThat(o.exitCode()).as(o.err()).isZero();
        return o;
    }

    static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void theSeedsRuns() {
        assertThat(ok(CliRunner.run("run", "--root", store, "--rm", "hello:1.0")).out())
                .isEqualTo("hello guest, my version is 1.0!\n");
        assertThat(ok(CliRunner.run("run", "--root", store, "hello:1.0", "echo", "hello world!")).out())
                .isEqualTo("hello world!\n");
        assertThat(ok(CliRunner.run("run", "--root", store, "hello:1.0", "cat", "hello.sh")).out()).contains("my_ver");
        assertThat(ok(CliRunner.run("run", "--root", store, "hello:1.0", "pwd")).out()).isEqualTo("/root\n");
        assertThat(ok(CliRunner.run("run", "--root", store, "-e", "my_ver=1.5", "hello:1.0")).out())
                .isEqualTo("hello guest, my version is 1.5!\n");
    }

    @Test
    void buildArgsAndEntrypointVariants() throws IOException {
        ok(CliRunner.run("build", "--root", store, "-t", "hello:2", "--build-arg", "my_ver=2.0",
                CliRunner.testdata().resolve("hello-sh").toString()));
        assertThat(ok(CliRunner.run("run", "--root", store, "hello:2")).out()).isEqualTo("hello guest, my version is 2.0!\n");
        Path ctx = Files.createDirectories(tmp.resolve("hello4"));
        Files.copy(CliRunner.testdata().resolve("hello-sh/hello.sh"), ctx.resolve("hello.sh"));
        Files.writeString(ctx.resolve("Dockerfile"), """
                FROM jbuild/busybox:latest
                WORKDIR /root
                COPY hello.sh .
                ENV my_ver 1.0
                ENTRYPOINT ["sh", "hello.sh"]
                """);
        ok(CliRunner.run("build", "--root", store, "-t", "hello:4", ctx.toString()));
        assertThat(ok(CliRunner.run("run", "--root", store, "hello:4", "new-guest")).out())
                .isEqualTo("hello new-guest, my version is 1.0!\n");
        assertThat(ok(CliRunner.run("run", "--root", store, "--entrypoint", "echo", "hello:4", "overridden")).out())
                .isEqualTo("overridden\n");
    }

    @Test
    void theContainerHasDockersSeccompFilterAndANetworkOfItsOwn() throws IOException {
        HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "host-only\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String probe = "grep '^Seccomp:' /proc/self/status; unshare -U -r true 2>/dev/null; echo unshare $?;"
                    + " printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 127.0.0.1 " + server.getAddress().getPort()
                    + " | tail -n 1";
            assertThat(ok(CliRunner.run("run", "--root", store, "hello:1.0", "sh", "-c", probe)).out())
                    .isEqualTo("Seccomp:\t2\nunshare 1\n");
            assertThat(ok(CliRunner.run("run", "--root", store, "--network", "host",
                    "--security-opt", "seccomp=unconfined", "hello:1.0", "sh", "-c", probe)).out())
                    .isEqualTo("Seccomp:\t0\nunshare 0\nhost-only\n");
        } finally {
            server.stop(0);
        }
        CliRunner.Outcome missing = CliRunner.run("run", "--root", store, "--security-opt", "seccomp=/no/profile.json",
                "hello:1.0", "true");
        assertThat(missing.exitCode()).isEqualTo(125);
        assertThat(missing.err()).contains("seccomp profile /no/profile.json does not exist");
        CliRunner.Outcome apparmor = CliRunner.run("run", "--root", store, "--security-opt", "apparmor=x",
                "hello:1.0", "true");
        assertThat(apparmor.exitCode()).isNotZero();
        assertThat(apparmor.err()).contains("unsupported --security-opt \"apparmor=x\"");
    }

    @Test
    void exitCodesUsersAndErrors() {
        CliRunner.Outcome seven = CliRunner.run("run", "--root", store, "hello:1.0", "sh", "-c", "echo out; exit 7");
        assertThat(seven.exitCode()).isEqualTo(7);
        assertThat(seven.out()).isEqualTo("out\n");
        assertThat(ok(CliRunner.run("run", "--root", store, "-u", "app", "hello:1.0", "id", "-u")).out()).isEqualTo("1000\n");
        CliRunner.Outcome missing = CliRunner.run("run", "--root", store, "nothere:1");
        assertThat(missing.exitCode()).isEqualTo(125);
        assertThat(missing.err()).contains("no such image: nothere:1");
        // As docker: a terminal's input cannot be a pipe (this JVM's stdin is surefire's pipe).
        CliRunner.Outcome tty = CliRunner.run("run", "--root", store, "-it", "hello:1.0");
        assertThat(tty.exitCode()).isEqualTo(1);
        assertThat(tty.err()).isEqualTo("jbuild run: the input device is not a TTY\n");
    }

    @Test
    void aFailingRunShowsItsLinesOfTheDockerfile() throws IOException {
        Path ctx = Files.createDirectories(tmp.resolve("fails"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM jbuild/busybox:latest\nRUN echo hi && \\\n    exit 3\nENV A=1\n");
        CliRunner.Outcome o = CliRunner.run("build", "--root", store, "-t", "fails:1", ctx.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.err()).contains("""
                Dockerfile:2
                --------------------
                   1 |     FROM jbuild/busybox:latest
                   2 | >>> RUN echo hi && \\
                   3 | >>>     exit 3
                   4 |     ENV A=1
                """).contains(":2:1: error: RUN:", "exited with code 3");
        // As BuildKit's plain progress: the step's ERROR line, then its output again in a block.
        assertThat(o.err()).containsPattern("(?m)^#(\\d+) \\[2/3] RUN echo hi && exit 3\n#\\1 [0-9.]+ hi\n"
                + "#\\1 ERROR: RUN: `/bin/sh -c echo hi &&     exit 3` exited with code 3[^\n]*\n------\n"
                + " > \\[2/3] RUN echo hi && exit 3:\n#\\1 [0-9.]+ hi\n------\n");
        assertThat(o.err()).doesNotContain("#2 DONE", "[3/3]");
    }

    @Test
    void interactiveReadsStandardInputAndWritesStraightThrough() throws Exception {
        Shell.Result piped = Shell.run("printf 'hi\\nthere\\nno newline' | "
                + Shell.jbuild("run", "--root", store, "--name", "piped", "-i", "hello:1.0", "sh", "-c", "cat; exit 3"));
        assertThat(piped.output()).isEqualTo("hi\nthere\nno newline"); // bytes as they are: no line added
        assertThat(piped.exitCode()).isEqualTo(3);
        // As docker's: the container is kept (its code and output too) unless --rm
        assertThat(CliRunner.run("ps", "--root", store, "-a", "-f", "name=piped").out())
                .containsPattern("Exited \\(3\\) .* ago +piped\n");
        assertThat(CliRunner.run("logs", "--root", store, "piped").out()).isEqualTo("hi\nthere\nno newline");
        assertThat(CliRunner.run("rm", "--root", store, "piped").exitCode()).isZero();
        Shell.Result removed = Shell.run("echo hi | "
                + Shell.jbuild("run", "--root", store, "--rm", "--name", "gone", "-i", "hello:1.0", "cat"));
        assertThat(removed.output()).isEqualTo("hi\n");
        assertThat(CliRunner.run("ps", "--root", store, "-a", "-q", "-f", "name=gone").out()).isEmpty();
        // Without -i the container's stdin is empty, as docker's.
        Shell.Result closed = Shell.run("echo hi | " + Shell.jbuild("run", "--root", store, "hello:1.0", "sh", "-c", "cat; echo end"));
        assertThat(closed.output()).isEqualTo("end\n");
    }

    @Test
    void ttyGivesThePseudoTerminalAndRestoresOurs() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs util-linux script");
        // script(1) runs the command on a new pseudo-terminal: jbuild's stdin, stdout and stderr are that terminal.
        String inside = "stty -g; " + Shell.jbuild("run", "--root", store, "-it", "--rm", "hello:1.0", "sh", "-c",
                "tty; test -t 0 && echo stdin-is-a-tty; test -t 1 && echo stdout-is-a-tty; echo TERM=$TERM; exit 4")
                + "; echo exit=$?; stty -g";
        Shell.Result run = Shell.run("script -q -e -c " + Shell.quoted(inside) + " /dev/null");
        // script, at the end of its own (empty) input, sends the terminal's EOF character; in raw mode that is NUL,
        // which the container's terminal echoes as ^@.
        List<String> lines = run.output().replace("^@", "").lines().map(String::strip).toList();
        assertThat(lines).as(run.output()).contains("stdin-is-a-tty", "stdout-is-a-tty", "TERM=xterm", "exit=4");
        assertThat(lines).anyMatch(l -> l.matches("/dev/pts/\\d+"));
        // The terminal's settings after the run are those before it: raw mode ended with the attachment.
        assertThat(lines.get(lines.size() - 1)).matches("[0-9a-f:]+").isEqualTo(lines.get(0));
        assertThat(run.exitCode()).isZero();
    }
}
