package io.jbuild.cli.progress;

import io.jbuild.core.build.BuildListener;
import io.jbuild.core.build.StepText;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * BuildKit's plain progress: every step gets a number {@code #N}, prints {@code #N [stage i/n] INSTRUCTION},
 * its output lines, then {@code #N CACHED} or {@code #N DONE 0.1s}; a failed step {@code #N ERROR: ...} and the
 * block BuildKit repeats its last output lines in. Made for logs and CI; nothing is redrawn.
 */
public final class PlainProgress implements BuildListener {

    private final PrintWriter out;
    private final Map<String, Integer> vertex = new HashMap<>();
    /** Per step: its header line and its last output lines as printed, for the block of a failure. */
    private final Map<String, String> headers = new HashMap<>();
    private final Map<String, Deque<String>> tails = new HashMap<>();
    private final LongSupplier clock;
    private final long started;
    /** When the last step ended: the export's own time starts there. */
    private long lastEnded;
    private int next = 1;
    private boolean multiStage;

    public PlainProgress(PrintWriter out) {
        this(out, System::nanoTime);
    }

    /** @param clock nanoseconds, as {@link System#nanoTime()} */
    PlainProgress(PrintWriter out, LongSupplier clock) {
        this.out = out;
        this.clock = clock;
        this.started = clock.getAsLong();
        this.lastEnded = started;
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
        String header = StepText.header(multiStage, stage, number, total, text);
        out.println();
        out.println("#" + id + " " + header);
        out.flush();
        headers.put(key(stage, number), header);
    }

    @Override
    public synchronized void stepCached(String stage, int number) {
        lastEnded = clock.getAsLong();
        out.println("#" + vertex.get(key(stage, number)) + " CACHED");
        out.flush();
    }

    @Override
    public synchronized void stepDone(String stage, int number, Duration took) {
        lastEnded = clock.getAsLong();
        out.println("#" + vertex.get(key(stage, number)) + " DONE " + StepText.seconds(took));
        out.flush();
    }

    @Override
    public synchronized void output(String stage, int number, String line) {
        Integer id = vertex.get(key(stage, number));
        String printed = "#" + id + " " + StepText.decimal(clock.getAsLong() - started, 3) + " " + line;
        out.println(printed);
        out.flush();
        Deque<String> tail = tails.computeIfAbsent(key(stage, number), k -> new ArrayDeque<>());
        tail.addLast(printed);
        if (tail.size() > FAILURE_TAIL) {
            tail.removeFirst();
        }
    }

    /** How many output lines of a failed step BuildKit's block repeats. */
    private static final int FAILURE_TAIL = 10;

    @Override
    public synchronized void stepFailed(String stage, int number, String message) {
        String key = key(stage, number);
        out.println("#" + vertex.get(key) + " ERROR: " + message.lines().findFirst().orElse(""));
        out.println("------");
        out.println(" > " + headers.getOrDefault(key, stage + " " + number) + ":");
        tails.getOrDefault(key, new ArrayDeque<>()).forEach(out::println);
        out.println("------");
        out.flush();
    }

    @Override
    public synchronized void warning(String message) {
        out.println("[warning] " + message);
        out.flush();
    }

    /** A task outside the steps (a cache imported or exported), as BuildKit prints it: its own number, lines, DONE. */
    @Override
    public synchronized void task(String name, List<String> lines, Duration took) {
        int id = next++;
        out.println();
        out.println("#" + id + " " + name);
        lines.forEach(l -> out.println("#" + id + " " + l));
        out.println("#" + id + " DONE " + StepText.seconds(took));
        out.flush();
    }

    /**
     * The closing block: image written and named. Its time is the export's own, from the end of the last step until
     * now, as BuildKit's "exporting to image" shows it (not the whole build's).
     */
    public synchronized void exported(String imageId, Iterable<String> tags) {
        Duration took = Duration.ofNanos(clock.getAsLong() - lastEnded);
        int id = next++;
        out.println();
        out.println("#" + id + " exporting to image");
        out.println("#" + id + " writing image " + imageId + " done");
        for (String tag : tags) {
            out.println("#" + id + " naming to " + tag + " done");
        }
        out.println("#" + id + " DONE " + StepText.seconds(took));
        out.flush();
    }
}
