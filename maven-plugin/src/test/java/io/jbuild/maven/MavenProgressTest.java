package io.jbuild.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.monitor.logging.DefaultLog;
import org.codehaus.plexus.logging.AbstractLogger;
import org.codehaus.plexus.logging.Logger;
import org.junit.jupiter.api.Test;

class MavenProgressTest {

    /** Records "LEVEL message" lines. */
    private static final class Recorder extends AbstractLogger {
        final List<String> lines = new ArrayList<>();

        Recorder() {
            super(Logger.LEVEL_DEBUG, "test");
        }

        @Override
        public void debug(String message, Throwable t) {
            lines.add("DEBUG " + message);
        }

        @Override
        public void info(String message, Throwable t) {
            lines.add("INFO " + message);
        }

        @Override
        public void warn(String message, Throwable t) {
            lines.add("WARN " + message);
        }

        @Override
        public void error(String message, Throwable t) {
            lines.add("ERROR " + message);
        }

        @Override
        public void fatalError(String message, Throwable t) {
            lines.add("FATAL " + message);
        }

        @Override
        public Logger getChildLogger(String name) {
            return this;
        }
    }

    @Test
    void printsTheCliPlainProgressLinesThroughMavensLog() {
        Recorder r = new Recorder();
        long[] now = {0};
        MavenProgress p = new MavenProgress(new DefaultLog(r), () -> now[0]);
        p.planned(2);
        p.stepStarted("build", 1, 2, "FROM scratch AS build");
        p.stepDone("build", 1, Duration.ofMillis(10));
        p.stepStarted("1", 1, 3, "COPY --from=build \\\n    /a /b");
        now[0] = 5_000_000_000L; // the steps took 5 s
        p.stepCached("1", 1);
        p.warning("One or more build-args [X] were not consumed");
        p.pulling("docker.io/library/debian:12");
        now[0] += 1_234_000_000L; // storing and tagging the image took 1.2 s
        p.exported("sha256:abc", List.of("docker.io/library/app:1"));
        assertThat(r.lines).containsExactly(
                "INFO #1 [build 1/2] FROM scratch AS build",
                "INFO #1 DONE 0.0s",
                "INFO #2 [stage-1 1/3] COPY --from=build /a /b",
                "INFO #2 CACHED",
                "WARN One or more build-args [X] were not consumed",
                "INFO pulling docker.io/library/debian:12",
                "INFO #3 exporting to image",
                "INFO #3 writing image sha256:abc done",
                "INFO #3 naming to docker.io/library/app:1 done",
                "INFO #3 DONE 1.2s");
    }

    @Test
    void aSingleStageIsLabelledByPositionAndOutputByStep() {
        Recorder r = new Recorder();
        MavenProgress p = new MavenProgress(new DefaultLog(r));
        p.planned(1);
        p.stepStarted("0", 2, 3, "RUN echo hi");
        p.output("0", 2, "hi");
        assertThat(r.lines.get(0)).isEqualTo("INFO #1 [2/3] RUN echo hi");
        assertThat(r.lines.get(1)).matches("INFO #1 \\d+\\.\\d{3} hi");
    }

    @Test
    void cacheTasksAreNumberedBlocksAsInThePlainProgress() {
        Recorder r = new Recorder();
        MavenProgress p = new MavenProgress(new DefaultLog(r));
        p.planned(1);
        p.task("importing cache manifest from r.example/app:cache", List.of("3 records"), Duration.ofMillis(40));
        p.stepStarted("0", 1, 1, "FROM scratch");
        p.stepCached("0", 1);
        p.task("exporting cache to registry r.example/app:cache", List.of("writing cache manifest sha256:bb done"),
                Duration.ofMillis(1200));
        assertThat(r.lines).containsExactly(
                "INFO #1 importing cache manifest from r.example/app:cache",
                "INFO #1 3 records",
                "INFO #1 DONE 0.0s",
                "INFO #2 [1/1] FROM scratch",
                "INFO #2 CACHED",
                "INFO #3 exporting cache to registry r.example/app:cache",
                "INFO #3 writing cache manifest sha256:bb done",
                "INFO #3 DONE 1.2s");
    }
}
