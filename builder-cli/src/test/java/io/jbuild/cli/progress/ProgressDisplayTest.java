package io.jbuild.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {

    /** Replays text with ANSI "cursor up N lines" + "erase below" and SGR codes like a terminal: the final screen. */
    static List<String> screen(String output) {
        List<String> lines = new ArrayList<>();
        lines.add("");
        Matcher m = Pattern.compile("\u001b\\[(\\d*)([A-Za-z])|\r?\n|[^\u001b\r\n]+|\r").matcher(output);
        while (m.find()) {
            String t = m.group();
            if (t.startsWith("\u001b")) {
                int n = m.group(1).isEmpty() ? 1 : Integer.parseInt(m.group(1));
                switch (m.group(2)) {
                    case "F" -> {
                        for (int i = 0; i < n; i++) {
                            lines.remove(lines.size() - 1);
                        }
                        lines.set(lines.size() - 1, "");
                    }
                    case "J" -> lines.set(lines.size() - 1, "");
                    case "m" -> { }
                    default -> throw new AssertionError("unexpected escape " + t.replace("\u001b", "ESC"));
                }
            } else if (t.endsWith("\n")) {
                lines.add("");
            } else if (!t.equals("\r")) {
                lines.set(lines.size() - 1, lines.get(lines.size() - 1) + t);
            }
        }
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    @Test
    void ttyDisplayRedrawsInPlaceAndEndsWithTheSummary() {
        StringWriter text = new StringWriter();
        TtyProgress tty = new TtyProgress(new PrintWriter(text), true, 80);
        tty.planned(1);
        tty.stepStarted("0", 1, 3, "FROM busybox");
        tty.stepDone("0", 1, Duration.ofMillis(10));
        tty.stepStarted("0", 2, 3, "RUN make");
        for (int i = 1; i <= 20; i++) {
            tty.output("0", 2, "compiling " + i);
        }
        tty.stepDone("0", 2, Duration.ofMillis(1500));
        tty.stepStarted("0", 3, 3, "COPY a b");
        tty.stepCached("0", 3);
        tty.exported("sha256:abc", List.of("docker.io/library/x:1"));
        List<String> screen = screen(text.toString());
        assertThat(screen).containsExactly(
                "=> [1/3] FROM busybox 0.0s",
                "=> [2/3] RUN make 1.5s",
                "=> CACHED [3/3] COPY a b",
                screen.get(3),
                "=> writing image sha256:abc",
                "=> naming to docker.io/library/x:1");
        assertThat(screen.get(3)).matches("\\[\\+] Building \\d+\\.\\ds FINISHED");
        assertThat(text.toString()).contains("compiling 20").contains("\u001b[34m");
    }

    @Test
    void ttyFailureEndsWithTheStepsLastLines() {
        StringWriter text = new StringWriter();
        TtyProgress tty = new TtyProgress(new PrintWriter(text), true, 80);
        tty.planned(1);
        tty.stepStarted("0", 1, 2, "FROM busybox");
        tty.stepDone("0", 1, Duration.ofMillis(10));
        tty.stepStarted("0", 2, 2, "RUN make");
        tty.output("0", 2, "cc -c a.c");
        tty.output("0", 2, "a.c:1: error");
        tty.stepFailed("0", 2, "RUN: `/bin/sh -c make` exited with code 2");
        List<String> screen = screen(text.toString());
        assertThat(screen).hasSize(7);
        assertThat(screen.get(1)).matches("=> ERROR \\[2/2] RUN make \\d+\\.\\ds");
        assertThat(screen.subList(2, 7)).containsExactly("------", " > [2/2] RUN make:", "cc -c a.c", "a.c:1: error",
                "------");
        assertThat(text.toString()).contains("\u001b[31m");
    }

    @Test
    void noColorMeansNoColorCodes() {
        StringWriter text = new StringWriter();
        TtyProgress tty = new TtyProgress(new PrintWriter(text), false, 80);
        tty.stepStarted("0", 1, 1, "FROM scratch");
        tty.stepDone("0", 1, Duration.ZERO);
        tty.exported("sha256:abc", List.of());
        assertThat(text.toString()).doesNotContain("m\u001b").doesNotContainPattern("\u001b\\[\\d*m");
        assertThat(screen(text.toString())).first().isEqualTo("=> [1/1] FROM scratch 0.0s");
    }

    @Test
    void rawJsonIsOneObjectPerLine() throws Exception {
        StringWriter text = new StringWriter();
        RawJsonProgress raw = new RawJsonProgress(new PrintWriter(text));
        raw.planned(2);
        raw.stepStarted("build", 1, 2, "FROM scratch");
        raw.output("build", 1, "line \"quoted\"");
        raw.stepCached("build", 2);
        raw.warning("careful");
        String[] lines = text.toString().split("\n");
        assertThat(lines).hasSize(5);
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(lines[2]).path("line").asText()).isEqualTo("line \"quoted\"");
        assertThat(json.readTree(lines[3]).path("event").asText()).isEqualTo("cached");
    }

    /** The export's DONE time is its own (from the last step's end), as BuildKit's, not the whole build's. */
    @Test
    void plainExportTimeIsTheExportsOwn() {
        long[] now = {0};
        StringWriter text = new StringWriter();
        PlainProgress plain = new PlainProgress(new PrintWriter(text), () -> now[0]);
        plain.planned(1);
        plain.stepStarted("0", 1, 2, "FROM busybox");
        now[0] = 2_000_000_000L;
        plain.stepDone("0", 1, Duration.ofSeconds(2));
        plain.stepStarted("0", 2, 2, "RUN true");
        now[0] = 5_000_000_000L;
        plain.stepDone("0", 2, Duration.ofSeconds(3));
        now[0] = 5_300_000_000L;
        plain.exported("sha256:abc", List.of("docker.io/library/x:1"));
        assertThat(text.toString()).contains("#3 exporting to image", "#3 naming to docker.io/library/x:1 done",
                "#3 DONE 0.3s").doesNotContain("DONE 5.3s");
    }

    /** A cache imported or exported is a numbered block of its own, as BuildKit prints it. */
    @Test
    void plainCacheTasksAreBlocksOfTheirOwn() {
        StringWriter text = new StringWriter();
        PlainProgress plain = new PlainProgress(new PrintWriter(text));
        plain.planned(1);
        plain.task("importing cache manifest from r.example/app:cache", List.of("3 records"), Duration.ofMillis(40));
        plain.stepStarted("0", 1, 1, "FROM scratch");
        plain.stepCached("0", 1);
        plain.task("exporting cache to registry r.example/app:cache", List.of("writing layer sha256:aa done",
                "writing cache manifest sha256:bb done"), Duration.ofMillis(1200));
        assertThat(text.toString()).isEqualTo("""

                #1 importing cache manifest from r.example/app:cache
                #1 3 records
                #1 DONE 0.0s

                #2 [1/1] FROM scratch
                #2 CACHED

                #3 exporting cache to registry r.example/app:cache
                #3 writing layer sha256:aa done
                #3 writing cache manifest sha256:bb done
                #3 DONE 1.2s
                """);
    }
}
