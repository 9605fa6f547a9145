package io.jbuild.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jbuild.cli.CliRunner;
import io.jbuild.cli.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jbuild build} on a real pseudo-terminal (util-linux script): the live display is redrawn in place without
 * ever moving above where it started or erasing more than it drew, fits the terminal's width, and leaves the
 * finished steps and the summary, with nothing after it.
 */
class TtyBuildTest {

    private static final int COLUMNS = 60;

    @TempDir
    static Path tmp;
    static String store;
    static Path context;

    @BeforeAll
    static void base() throws IOException {
        assumeTrue(((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0
                && Files.isExecutable(Path.of("/usr/sbin/runc")) && Files.isExecutable(Path.of("/bin/busybox"))
                && Files.isExecutable(Path.of("/usr/bin/script")), "needs root, runc, busybox-static and script");
        store = tmp.resolve("store").toString();
        Path base = Files.createDirectories(tmp.resolve("busybox"));
        Files.copy(CliRunner.testdata().resolve("busybox/Dockerfile"), base.resolve("Dockerfile"));
        Files.copy(Path.of("/bin/busybox"), base.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        CliRunner.Outcome o = CliRunner.run("build", "--root", store, "-t", "jbuild/busybox:latest", base.toString());
        assertThat(o.exitCode()).as(o.err()).isZero();
        context = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(context.resolve("a.txt"), "a\n");
        // Many lines, a line far wider than the terminal, a tab, carriage returns and a color escape of its own.
        Files.writeString(context.resolve("Dockerfile"), """
                FROM jbuild/busybox:latest
                COPY a.txt /a.txt
                RUN for i in $(seq 1 30); do echo "line $i"; done; printf 'tab\\there\\nprogress 10%%\\rprogress 100%%\\n'; \\
                    printf '%0300d\\n' 0; printf '\\033[31mred\\033[0m\\n'
                WORKDIR /w
                """);
    }

    /** What a terminal shows after {@code output}; fails on anything that would corrupt it. */
    static List<String> screen(String output) {
        List<String> lines = new ArrayList<>(List.of(""));
        Matcher m = Pattern.compile("\u001b\\[([0-9;]*)([A-Za-z])|\r\n|\n|\r|[^\u001b\r\n]+").matcher(output);
        int pos = 0;
        while (m.find()) {
            assertThat(m.start()).as("unparsed output at %d", pos).isEqualTo(pos);
            pos = m.end();
            String t = m.group();
            if (t.startsWith("\u001b")) {
                switch (m.group(2)) {
                    case "F" -> {
                        int n = Integer.parseInt(m.group(1));
                        assertThat(lines.size() - 1).as("moves up %d lines over the display only", n)
                                .isGreaterThanOrEqualTo(n);
                        for (int i = 0; i < n; i++) {
                            String erased = lines.remove(lines.size() - 2);
                            // A wider line would have wrapped: moving up n rows would not reach its start.
                            assertThat(erased.length()).as("redrawn line \"%s\"", erased).isLessThan(COLUMNS);
                        }
                    }
                    case "J" -> assertThat(lines.get(lines.size() - 1)).isEmpty();
                    case "m" -> { }
                    default -> throw new AssertionError("unexpected escape ESC[" + m.group(1) + m.group(2));
                }
            } else if (t.equals("\r\n") || t.equals("\n")) {
                lines.add("");
            } else if (t.equals("\r")) {
                throw new AssertionError("a lone carriage return after: " + lines.get(lines.size() - 1));
            } else {
                lines.set(lines.size() - 1, lines.get(lines.size() - 1) + t);
            }
        }
        assertThat(pos).isEqualTo(output.length());
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private static Shell.Result build(Map<String, String> env, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("build", "--root", store, "-t", "tty:1"));
        args.addAll(List.of(options));
        args.add(context.toString());
        return Shell.onTerminal("printf 'BEFORE\\n'; " + Shell.jbuild(args.toArray(String[]::new))
                + "; echo exit=$?; printf 'AFTER\\n'", COLUMNS, env);
    }

    @Test
    void liveDisplayOnATerminalThenCachedWithoutColors() throws Exception {
        Shell.Result first = build(Map.of("NO_COLOR", ""));          // --progress=auto: stderr is the terminal
        List<String> screen = screen(first.output());
        String id = screen.stream().filter(l -> l.startsWith("=> writing image ")).findFirst().orElseThrow()
                .substring("=> writing image ".length());
        assertThat(id).matches("sha256:[0-9a-f]{64}");
        assertThat(screen).as(first.output()).containsExactly(
                "BEFORE",
                screen.get(1),
                "=> [2/4] COPY a.txt /a.txt " + screen.get(2).substring(screen.get(2).lastIndexOf(' ') + 1),
                screen.get(3),
                screen.get(4),
                screen.get(5),
                "=> writing image " + id,
                "=> naming to docker.io/library/tty:1",
                "exit=0",
                "AFTER");
        assertThat(screen.get(1)).matches("=> \\[1/4] FROM jbuild/busybox:latest \\d+\\.\\ds");
        assertThat(screen.get(3)).startsWith("=> [3/4] RUN for i in").matches(".* \\d+\\.\\ds");
        assertThat(screen.get(4)).matches("=> \\[4/4] WORKDIR /w \\d+\\.\\ds");
        assertThat(screen.get(5)).matches("\\[\\+] Building \\d+\\.\\ds FINISHED");
        // The step's output was shown while it ran (cut to the width, controls dropped), then folded away.
        assertThat(first.output()).contains(" => => # line 30", " => => # tab here", " => => # progress 100%",
                " => => # 0000000", " => => # [31mred[0m").contains("\u001b[34m=> [2/4] COPY");

        Shell.Result cached = build(Map.of("NO_COLOR", "1"), "--progress=tty");
        assertThat(cached.output()).doesNotContainPattern("\u001b\\[[0-9;]*m");
        assertThat(screen(cached.output())).containsSubsequence(
                "=> CACHED [2/4] COPY a.txt /a.txt",
                "=> CACHED [3/4] RUN for i in $(seq 1 30); do echo \"line $i\"; done; printf 'tab\\there\\nprogress 10%%\\rprogress 100%%\\n'; printf '%0300d\\n' 0; printf '\\033[31mred\\033[0m\\n'",
                "=> CACHED [4/4] WORKDIR /w",
                "=> writing image " + id,
                "=> naming to docker.io/library/tty:1",
                "exit=0",
                "AFTER");
    }

    @Test
    void noColorsWhenStandardErrorIsNotATerminal() {
        // In process, standard error is surefire's pipe: --progress=tty still draws, without colors.
        CliRunner.Outcome o = CliRunner.run("build", "--root", store, "--progress=tty", "--no-cache", "-t", "tty:2",
                context.toString());
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.err()).contains("=> naming to docker.io/library/tty:2").doesNotContainPattern("\u001b\\[[0-9;]*m");
    }
}
