package io.jbuild.cli.container;

import static org.assertj.core.api.Assertions.assertThat;


import io.jbuild.cli.BusyboxBase;
import io.jbuild.cli.CliRunner;
import io.jbuild.cli.Shell;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import java.nio.file.Path;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * run -d -i / -d -it, attach and start -a -i through the real command line, with real runc and conmon: what is typed
 * reaches the container through conmon's attach socket and its output comes back; a terminal through a pty that
 * util-linux script(1) gives the attaching jbuild; the detach keys; the exit code is the container's. exec -it
 * through a pty and exec -i with piped input.
 */
class ContainerAttachTest {

    @TempDir
    static Path tmp;
    static String store;

    @BeforeAll
    static void base() throws IOException {
        BusyboxBase.assumeTools("/usr/bin/script");
        store = tmp.resolve("store").toString();
        BusyboxBase.build(store, tmp);
    }

    @AfterAll
    static void removeAll() {
        BusyboxBase.removeContainers(store);
    }

    @Test
    void attachSendsInputReadsOutputAndEndsWithTheContainer() throws Exception {
        String id = ok(CliRunner.run("run", "--root", store, "-d", "-i", "--name", "catter", "jbuild/busybox",
                "sh", "-c", "cat; echo stdin-closed >&2; exit 7")).out().strip();
        assertThat(id).matches("[0-9a-f]{64}");
        Session attach = Session.start(List.of("attach", "--root", store, "catter"), false);
        attach.type("first line\n");
        attach.awaitOutput("first line\n");
        attach.type("second\n");
        attach.awaitOutput("first line\nsecond\n");
        attach.closeInput(); // conmon closes the container's input: cat ends
        assertThat(attach.exitCode()).isEqualTo(7);
        assertThat(attach.output()).isEqualTo("first line\nsecond\n");
        assertThat(attach.errors()).isEqualTo("stdin-closed\n");
        assertThat(ok(CliRunner.run("ps", "--root", store, "-a", "-f", "name=catter")).out())
                .containsPattern("Exited \\(7\\) .* ago +catter\n");
        // the log kept them too, stdout and stderr apart
        CliRunner.Outcome logs = ok(CliRunner.run("logs", "--root", store, "catter"));
        assertThat(logs.out()).isEqualTo("first line\nsecond\n");
        assertThat(logs.err()).isEqualTo("stdin-closed\n");

        // attach to a stopped container: docker's answer
        CliRunner.Outcome stopped = CliRunner.run("attach", "--root", store, "catter");
        assertThat(stopped.exitCode()).isEqualTo(1);
        assertThat(stopped.err()).isEqualTo("Error: You cannot attach to a stopped container, start it first\n");

        // start -a -i: the same container again, attached from before it begins
        Session start = Session.start(List.of("start", "--root", store, "-a", "-i", "catter"), false);
        start.type("again\n");
        start.awaitOutput("again\n");
        start.closeInput();
        assertThat(start.exitCode()).isEqualTo(7);
        assertThat(start.output()).isEqualTo("again\n");
        assertThat(start.errors()).isEqualTo("stdin-closed\n");
        ok(CliRunner.run("rm", "--root", store, "catter"));
    }

    @Test
    void attachToATerminalThroughAPty() throws Exception {
        ok(CliRunner.run("run", "--root", store, "-d", "-i", "-t", "--name", "shell", "jbuild/busybox", "sh"));
        // docker inspect's Config tells a terminal and an open input
        assertThat(ok(CliRunner.run("inspect", "--root", store, "-f", "{{.Config.Tty}} {{.Config.OpenStdin}}", "shell"))
                .out()).isEqualTo("true true\n");
        Session first = Session.start(List.of("attach", "--root", store, "shell"), true);
        // the shell's terminal: tty names it, the size given at attach is its own, and it echoes what is typed
        first.type("tty; stty size; echo $((6 * 7))\n");
        first.awaitOutput("42");
        assertThat(first.output()).contains("/dev/pts/0", "40 100", "echo $((6 * 7))");
        first.type("\u0010\u0011"); // ctrl-p ctrl-q: detached, the shell goes on
        assertThat(first.exitCode()).isZero();
        assertThat(ok(CliRunner.run("ps", "--root", store, "-f", "name=shell")).out()).containsPattern("Up .* +shell\n");

        // piped input for a terminal: docker's refusal, the container untouched
        Session piped = Session.start(List.of("attach", "--root", store, "shell"), false);
        piped.closeInput();
        assertThat(piped.exitCode()).isEqualTo(1);
        assertThat(piped.errors()).isEqualTo("the input device is not a TTY\n");

        Session second = Session.start(List.of("attach", "--root", store, "shell"), true);
        second.type("echo $((6 * 8))\n");
        second.awaitOutput("48");
        second.type("exit 5\n");
        assertThat(second.exitCode()).isEqualTo(5);
        assertThat(ok(CliRunner.run("ps", "--root", store, "-a", "-f", "name=shell")).out())
                .containsPattern("Exited \\(5\\) .* ago +shell\n");
        ok(CliRunner.run("rm", "--root", store, "shell"));
    }

    @Test
    void signalsToAttachGoToTheContainerUnlessSigProxyIsOff() throws Exception {
        ok(CliRunner.run("run", "--root", store, "-d", "--name", "trapper", "jbuild/busybox", "sh", "-c",
                "trap 'echo got-int; exit 9' INT; while true; do echo tick; sleep 0.2; done"));
        Session off = Session.start(List.of("attach", "--root", store, "--sig-proxy=false", "trapper"), false);
        off.awaitOutput("tick\n"); // attached: a signal now ends jbuild alone
        off.signal("INT");
        assertThat(off.exitCode()).isEqualTo(130);
        assertThat(ok(CliRunner.run("ps", "--root", store, "-f", "name=trapper")).out()).contains("Up ");

        Session on = Session.start(List.of("attach", "--root", store, "trapper"), false);
        on.awaitOutput("tick\n");
        on.signal("INT");
        assertThat(on.exitCode()).isEqualTo(9);
        assertThat(on.output()).endsWith("tick\ngot-int\n");
        ok(CliRunner.run("rm", "--root", store, "trapper"));
    }

    @Test
    void execWithATerminalAndWithPipedInput() throws Exception {
        ok(CliRunner.run("run", "--root", store, "-d", "--name", "sleeper", "jbuild/busybox", "sleep", "600"));
        Session shell = Session.start(List.of("exec", "--root", store, "-it", "sleeper", "sh"), true);
        shell.type("tty; echo $((6 * 7)) $TERM\n");
        shell.awaitOutput("42 xterm");
        assertThat(shell.output()).contains("/dev/pts/");
        shell.type("exit 3\n");
        assertThat(shell.exitCode()).isEqualTo(3);

        Session cat = Session.start(List.of("exec", "--root", store, "-i", "sleeper", "sh", "-c",
                "cat; echo closed >&2"), false);
        cat.type("piped\n");
        cat.awaitOutput("piped\n");
        cat.closeInput();
        assertThat(cat.exitCode()).isZero();
        assertThat(cat.output()).isEqualTo("piped\n");
        assertThat(cat.errors()).isEqualTo("closed\n");

        // without -i the command's input is empty, as docker's: cat ends at once
        Session noInput = Session.start(List.of("exec", "--root", store, "sleeper", "cat"), false);
        assertThat(noInput.exitCode()).isZero();
        assertThat(noInput.output()).isEmpty();

        // -it with piped input: docker's refusal
        Session notTty = Session.start(List.of("exec", "--root", store, "-it", "sleeper", "sh"), false);
        notTty.closeInput();
        assertThat(notTty.exitCode()).isEqualTo(1);
        assertThat(notTty.errors()).isEqualTo("the input device is not a TTY\n");
        ok(CliRunner.run("rm", "--root", store, "-f", "sleeper"));
    }

    /** A jbuild process whose input the test types into; on a pty (script(1)) when {@code terminal}. */
    private static final class Session {
        private final Process process;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final OutputStream in;

        private Session(Process process) {
            this.process = process;
            this.in = process.getOutputStream();
            copy(process.getInputStream(), out);
            copy(process.getErrorStream(), err);
        }

        static Session start(List<String> args, boolean terminal) throws IOException {
            String jbuild = Shell.jbuild(args.toArray(String[]::new));
            List<String> cmd = terminal
                    ? List.of("script", "-q", "-e", "-c", "stty cols 100 rows 40; exec " + jbuild, "/dev/null")
                    : List.of("sh", "-c", "exec " + jbuild);
            return new Session(new ProcessBuilder(cmd).start());
        }

        void type(String text) throws IOException {
            in.write(text.getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        void signal(String name) throws IOException, InterruptedException {
            assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor()).isZero();
        }

        void closeInput() throws IOException {
            in.close();
        }

        void awaitOutput(String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!output().contains(text)) {
                assertThat(System.nanoTime()).as("no \"%s\" within 20 s; output: %s; errors: %s", text, output(),
                        errors()).isLessThan(deadline);
                Thread.sleep(50);
            }
        }

        int exitCode() throws InterruptedException {
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("ended; output: %s; errors: %s", output(), errors())
                    .isTrue();
            return process.exitValue();
        }

        String output() {
            synchronized (out) {
                return out.toString(StandardCharsets.UTF_8);
            }
        }

        String errors() {
            synchronized (err) {
                return err.toString(StandardCharsets.UTF_8);
            }
        }

        private static void copy(InputStream from, ByteArrayOutputStream to) {
            Thread t = new Thread(() -> {
                byte[] b = new byte[4096];
                try {
                    for (int n = from.read(b); n >= 0; n = from.read(b)) {
                        synchronized (to) {
                            to.write(b, 0, n);
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
            t.setDaemon(true);
            t.start();
        }
    }

    private static CliRunner.Outcome ok(CliRunner.Outcome o) {
        assertThat(o.exitCode()).as(o.err()).isZero();
        return o;
    }
}
