package io.jbuild.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.cli.CliRunner;
import io.jbuild.core.store.ImageStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jbuild build} killed with SIGKILL at points spread over its whole run (a COPY of a large context, two RUN
 * steps, the export): after each kill the store is readable, no half tag exists, the next build cleans up what
 * the killed one left mounted or running, reuses every step the killed one finished, and makes the very image
 * an uninterrupted build makes.
 */
class BuildCrashTest {

    private static final Pattern STEP = Pattern.compile("^#(\\d+) \\[(\\d+)/(\\d+)] .*");
    private static final Pattern STATUS = Pattern.compile("^#(\\d+) (DONE|CACHED)\\b.*");
    private static final String TAG = "crash:1";

    @TempDir
    static Path tmp;
    static Path base;

    @BeforeAll
    static void baseStore() throws Exception {
        Fixtures.assumeRunc();
        base = Fixtures.base();
    }

    /**
     * Kill when a line matching {@code after} has been printed (any line: null), {@code delayMillis} later;
     * {@code inRun}: a RUN container is surely up then, so the kill must leave it for the next build to clean.
     */
    private record KillPoint(Pattern after, long delayMillis, boolean inRun) {
        KillPoint(Pattern after, long delayMillis) {
            this(after, delayMillis, false);
        }

        @Override
        public String toString() {
            return (after == null ? "" : "'" + after + "' + ") + delayMillis + " ms";
        }
    }

    /** Quick: one kill in each kind of step (the big COPY, a RUN, the export), placed by the build's output. */
    @Test
    @Timeout(180)
    void killMinus9DuringACopyARunAndTheExport() throws Exception {
        Path context = Fixtures.crashContext(tmp.resolve("ctx-quick"), 8L << 20, 1);
        killAtPoints(context, List.of(
                new KillPoint(Pattern.compile("#\\d+ \\[2/5] COPY.*"), 150),
                new KillPoint(Pattern.compile("#\\d+ \\d+\\.\\d+ running"), 50, true),
                // The last layer, the config, the manifest and the tag are written within ~100 ms of this line.
                new KillPoint(Pattern.compile("#\\d+ \\[5/5] COPY.*"), 40)), null);
    }

    /** Exhaustive: 32 kills spread over the time an uninterrupted build takes (measured first). */
    @Test
    @Tag("reliability")
    @Timeout(1800)
    void killMinus9AtThirtyTwoPointsOfABuild() throws Exception {
        Path context = Fixtures.crashContext(tmp.resolve("ctx-many"), 64L << 20, 2);
        Path clean = tmp.resolve("clean");
        Fixtures.copyStore(base, clean);
        long t0 = System.nanoTime();
        JbuildProcess whole = JbuildProcess.start(Fixtures.buildArgs(clean, TAG, context).toArray(String[]::new));
        assertThat(whole.waitFor(300)).as(whole.output()).isZero();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        String expected = ImageStore.open(clean).resolve(TAG).imageId().toString();
        List<KillPoint> points = new ArrayList<>();
        int n = 32;
        for (int i = 0; i < n; i++) {
            points.add(new KillPoint(null, millis * (2L * i + 1) / (2L * n)));
        }
        System.out.println("BuildCrashTest: an uninterrupted build takes " + millis + " ms");
        killAtPoints(context, points, expected);
    }

    /**
     * Kills a build at each point, checks the store, builds again in process; {@code expected} is the image ID
     * of an uninterrupted build (null: every build after a kill must agree with the first).
     */
    private void killAtPoints(Path context, List<KillPoint> points, String expected) throws Exception {
        List<String> report = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            KillPoint point = points.get(i);
            Path root = tmp.resolve("kill-" + i);
            Fixtures.copyStore(base, root);
            JbuildProcess build = JbuildProcess.start(Fixtures.buildArgs(root, TAG, context).toArray(String[]::new));
            if (point.after() != null) {
                assertThat(build.awaitLine(l -> point.after().matcher(l).matches(), 120_000))
                        .as("the build printed %s:%n%s", point.after(), build.output()).isTrue();
            }
            Thread.sleep(point.delayMillis());
            boolean wasAlive = build.isAlive();
            build.kill9();
            Set<Integer> finished = steps(build.lines(), "DONE");
            report.add(point + ": finished steps " + finished + (wasAlive ? "" : " (had ended)"));

            if (point.inRun()) {
                try (var runs = Files.list(root.resolve("run/runs"))) {
                    assertThat(runs).as("what the killed RUN step left").isNotEmpty();
                }
            }
            // No half tag: the build's tag exists only if it is the whole image.
            ImageStore store = ImageStore.open(root);
            boolean tagged = store.list().stream().anyMatch(s -> s.refName().endsWith("/" + TAG));
            StoreAudit.assertReadable(root, tagged ? Set.of(Fixtures.BASE, TAG) : Set.of(Fixtures.BASE));

            // The next build: cleans up, reuses each step the killed one finished, makes the same image.
            CliRunner.Outcome again = CliRunner.run(Fixtures.buildArgs(root, TAG, context).toArray(String[]::new));
            assertThat(again.exitCode()).as("after a kill at %s: %s", point, again.err()).isZero();
            Set<Integer> cached = steps(again.err().lines().toList(), "CACHED");
            finished.remove(1); // FROM: nothing to cache
            assertThat(cached).as("steps cached after a kill at %s (%s)", point, again.err()).containsAll(finished);
            String id = ImageStore.open(root).resolve(TAG).imageId().toString();
            if (expected == null) {
                expected = id;
            }
            assertThat(id).as("the image built after a kill at %s", point).isEqualTo(expected);
            StoreAudit.assertReadable(root, Set.of(Fixtures.BASE, TAG));
            StoreAudit.assertNoRunLeftovers(root);
            assertThat(CliRunner.run("prune", "--root", root.toString()).exitCode()).isZero();
            StoreAudit.assertReadable(root, Set.of(Fixtures.BASE, TAG));
            Fixtures.delete(root);
        }
        System.out.println("BuildCrashTest: killed at " + report);
    }

    /** The step numbers ({@code [k/n]}) whose status line says {@code status}. */
    private static Set<Integer> steps(List<String> lines, String status) {
        Map<String, Integer> vertexStep = new HashMap<>();
        Set<Integer> out = new TreeSet<>();
        for (String line : lines) {
            Matcher m = STEP.matcher(line);
            if (m.matches()) {
                vertexStep.put(m.group(1), Integer.parseInt(m.group(2)));
            }
            Matcher s = STATUS.matcher(line);
            if (s.matches() && s.group(2).equals(status) && vertexStep.containsKey(s.group(1))) {
                out.add(vertexStep.get(s.group(1)));
            }
        }
        return out;
    }
}
