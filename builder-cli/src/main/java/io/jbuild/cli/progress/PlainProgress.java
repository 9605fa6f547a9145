package io.jbuild.cli.progress;

import io.jbuild.core.build.BuildListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * BuildKit's plain progress: every step gets a number {@code #N}, prints {@code #N [stage i/n] INSTRUCTION},
 * its output lines, then {@code #N CACHED} or {@code #N DONE 0.1s}. Made for logs and CI; nothing is redrawn.
 */
public final class PlainProgress implements BuildListener {

    private final PrintWriter out;
    private final Map<String, Integer> vertex = new HashMap<>();
    private final long started = System.nanoTime();
    private int next = 1;
    private boolean multiStage;

    public PlainProgress(PrintWriter out) {
        this.out = out;
    }

    /** Several stages are labelled with their names ({@code [build 2/4]}), a single one only by position. */
    @Override
    public synchronized void planned(int stages) {
        this.multiStage = stages > 1;
    }

    private static String key(String stage, int number) {
        return stage + "#" + number;
    }

    @Override
    public synchronized void stepStarted(String stage, int number, int total, String text) {
        int id = next++;
        vertex.put(key(stage, number), id);
        String label = (stageLabel(stage) + " " + number + "/" + total).strip();
        out.println();
        out.println("#" + id + " [" + label + "] " + oneLine(text));
        out.flush();
    }

    private String stageLabel(String stage) {
        if (!multiStage) {
            return "";
        }
        return stage.chars().allMatch(Character::isDigit) ? "stage-" + stage : stage;
    }

    @Override
    public synchronized void stepCached(String stage, int number) {
        out.println("#" + vertex.get(key(stage, number)) + " CACHED");
        out.flush();
    }

    @Override
    public synchronized void stepDone(String stage, int number, Duration took) {
        out.println("#" + vertex.get(key(stage, number)) + " DONE " + seconds(took));
        out.flush();
    }

    @Override
    public synchronized void output(String stage, int number, String line) {
        Integer id = vertex.get(key(stage, number));
        double at = (System.nanoTime() - started) / 1e9;
        out.println("#" + id + " " + String.format(Locale.ROOT, "%.3f", at) + " " + line);
        out.flush();
    }

    @Override
    public synchronized void warning(String message) {
        out.println("[warning] " + message);
        out.flush();
    }

    /** The closing block: image written and named. */
    public synchronized void exported(String imageId, Iterable<String> tags, Duration took) {
        int id = next++;
        out.println();
        out.println("#" + id + " exporting to image");
        out.println("#" + id + " writing image " + imageId + " done");
        for (String tag : tags) {
            out.println("#" + id + " naming to " + tag + " done");
        }
        out.println("#" + id + " DONE " + seconds(took));
        out.flush();
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1fs", d.toNanos() / 1e9);
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*\\\\?\\r?\\n\\s*", " ");
    }
}
