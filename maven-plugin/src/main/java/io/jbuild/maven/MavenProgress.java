package io.jbuild.maven;

import io.jbuild.core.build.BuildListener;
import io.jbuild.core.build.StepText;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.maven.plugin.logging.Log;

/**
 * The CLI's plain progress ({@code jbuild build --progress=plain}, BuildKit's format) through Maven's logger, so a
 * Maven log reads like a docker build log: {@code #N [stage i/n] INSTRUCTION}, the step's output lines, then
 * {@code #N CACHED} or {@code #N DONE 0.1s}. Only the blank lines between steps are left out: Maven prefixes
 * every line with its level.
 */
final class MavenProgress implements BuildListener {

    private final Log log;
    private final LongSupplier clock;
    private final Map<String, Integer> vertex = new HashMap<>();
    private final long started;
    /** When the last step ended: what follows until the image is stored is the export's. */
    private long lastEnded;
    private int next = 1;
    private boolean multiStage;

    MavenProgress(Log log) {
        this(log, System::nanoTime);
    }

    /** @param clock nanoseconds, as {@link System#nanoTime()} */
    MavenProgress(Log log, LongSupplier clock) {
        this.log = log;
        this.clock = clock;
        this.started = clock.getAsLong();
        this.lastEnded = started;
    }

    @Override
    public synchronized void planned(int stages) {
        multiStage = stages > 1;
    }

    @Override
    public synchronized void stepStarted(String stage, int number, int total, String text) {
        int id = next++;
        vertex.put(stage + "#" + number, id);
        log.info("#" + id + " " + StepText.header(multiStage, stage, number, total, text));
    }

    @Override
    public synchronized void stepCached(String stage, int number) {
        log.info("#" + vertex.get(stage + "#" + number) + " CACHED");
        lastEnded = clock.getAsLong();
    }

    @Override
    public synchronized void stepDone(String stage, int number, Duration took) {
        log.info("#" + vertex.get(stage + "#" + number) + " DONE " + StepText.seconds(took));
        lastEnded = clock.getAsLong();
    }

    @Override
    public synchronized void stepFailed(String stage, int number, String message) {
        log.error("#" + vertex.get(stage + "#" + number) + " ERROR: " + message.lines().findFirst().orElse(""));
    }

    @Override
    public synchronized void output(String stage, int number, String line) {
        double at = (clock.getAsLong() - started) / 1e9;
        log.info("#" + vertex.get(stage + "#" + number) + " " + String.format(Locale.ROOT, "%.3f", at) + " " + line);
    }

    /** Pulling a base image is part of a build's work, not something to warn about. */
    @Override
    public synchronized void pulling(String reference) {
        log.info("pulling " + reference);
    }

    @Override
    public synchronized void warning(String message) {
        log.warn(message);
    }

    /** A task outside the steps (a cache imported or exported), numbered as the plain progress numbers it. */
    @Override
    public synchronized void task(String name, List<String> lines, Duration took) {
        int id = next++;
        log.info("#" + id + " " + name);
        lines.forEach(l -> log.info("#" + id + " " + l));
        log.info("#" + id + " DONE " + StepText.seconds(took));
    }

    /**
     * The closing block: the image written and named. Its time is the export's own: from the end of the last step
     * until now (the image stored and tagged), as BuildKit's "exporting to image" step shows it.
     */
    synchronized void exported(String imageId, List<String> tags) {
        Duration took = Duration.ofNanos(clock.getAsLong() - lastEnded);
        int id = next++;
        log.info("#" + id + " exporting to image");
        log.info("#" + id + " writing image " + imageId + " done");
        for (String tag : tags) {
            log.info("#" + id + " naming to " + tag + " done");
        }
        log.info("#" + id + " DONE " + StepText.seconds(took));
    }
}
