package io.jbuild.cli.progress;

import io.jbuild.core.build.BuildListener;
import io.jbuild.core.build.StepText;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * {@code --progress=tty}: BuildKit's live display. Finished steps scroll up as {@code => [2/4] COPY ... 0.1s}
 * (or {@code => CACHED}), the running step shows its last output lines, and the block is redrawn in place
 * with ANSI cursor movement; colors only when allowed (a terminal without {@code NO_COLOR}). Lines of the live
 * block are cut to the terminal's width and stripped of control characters, so that moving up over it erases
 * exactly what was drawn.
 */
public final class TtyProgress implements BuildListener {

    private static final int TAIL = 6;

    private final PrintWriter out;
    private final boolean color;
    private final int width;
    private final long started = System.nanoTime();
    private final Deque<String> tail = new ArrayDeque<>();
    private boolean multiStage;
    private String running;
    private long runningSince;
    private int drawn;

    /** @param width the terminal's columns */
    public TtyProgress(PrintWriter out, boolean color, int width) {
        this.out = out;
        this.color = color;
        this.width = Math.max(width, 20);
    }

    @Override
    public synchronized void planned(int stages) {
        multiStage = stages > 1;
    }

    @Override
    public synchronized void stepStarted(String stage, int number, int total, String text) {
        running = StepText.header(multiStage, stage, number, total, text);
        runningSince = System.nanoTime();
        tail.clear();
        redraw();
    }

    @Override
    public synchronized void stepCached(String stage, int number) {
        finish(dim("=> CACHED " + running));
    }

    @Override
    public synchronized void stepDone(String stage, int number, Duration took) {
        if (running != null) {
            finish(blue("=> " + running) + " " + StepText.seconds(took));
        }
    }

    /** The step's line in red, then BuildKit's block with its last output lines; the display stops there. */
    @Override
    public synchronized void stepFailed(String stage, int number, String message) {
        if (running == null) {
            return;
        }
        String step = running;
        List<String> lines = new ArrayList<>(tail);
        finish(red("=> ERROR " + printable(step)) + " "
                + StepText.seconds(Duration.ofNanos(System.nanoTime() - runningSince)));
        clear();
        out.println("------");
        out.println(" > " + printable(step) + ":");
        lines.forEach(out::println);
        out.println("------");
        out.flush();
    }

    @Override
    public synchronized void output(String stage, int number, String line) {
        tail.addLast(printable(line));
        while (tail.size() > TAIL) {
            tail.removeFirst();
        }
        redraw();
    }

    @Override
    public synchronized void warning(String message) {
        clear();
        out.println(yellow("WARNING: " + message));
        drawn = 0;
        redraw();
    }

    /** Prints a finished step above the live block; the step's output is folded away. */
    private void finish(String line) {
        clear();
        out.println(line);
        running = null;
        tail.clear();
        drawn = 0;
        redraw();
    }

    private void redraw() {
        clear();
        List<String> lines = new ArrayList<>();
        lines.add(bold("[+] Building " + StepText.seconds(Duration.ofNanos(System.nanoTime() - started))));
        if (running != null) {
            String took = " " + StepText.seconds(Duration.ofNanos(System.nanoTime() - runningSince));
            lines.add(fit(" => " + printable(running), width - 1 - took.length()) + took);
            for (String t : tail) {
                lines.add(dim(fit(" => => # " + t, width - 1)));
            }
        }
        lines.forEach(out::println);
        drawn = lines.size();
        out.flush();
    }

    /** Moves up over the live block and erases it. */
    private void clear() {
        if (drawn > 0) {
            out.print("\u001b[" + drawn + "F\u001b[J");
        }
        drawn = 0;
    }

    /** Leaves the terminal clean: the live block is replaced by the final summary. */
    public synchronized void exported(String imageId, Iterable<String> tags) {
        clear();
        out.println(bold("[+] Building " + StepText.seconds(Duration.ofNanos(System.nanoTime() - started))
                + " FINISHED"));
        out.println(blue("=> writing image " + imageId));
        for (String tag : tags) {
            out.println(blue("=> naming to " + tag));
        }
        out.flush();
    }

    private static String fit(String s, int columns) {
        return s.length() <= columns ? s : s.substring(0, Math.max(0, columns));
    }

    /** What a terminal would leave of a line: the text after its last carriage return, tabs as spaces, no controls. */
    private static String printable(String line) {
        String s = line.substring(line.lastIndexOf('\r') + 1).replace('\t', ' ');
        StringBuilder b = new StringBuilder(Math.min(s.length(), 400));
        for (int i = 0; i < s.length() && b.length() < 400; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0)) {
                b.append(c);
            }
        }
        return b.toString();
    }

    private String bold(String s) {
        return color ? "\u001b[1m" + s + "\u001b[0m" : s;
    }

    private String dim(String s) {
        return color ? "\u001b[2m" + s + "\u001b[0m" : s;
    }

    private String blue(String s) {
        return color ? "\u001b[34m" + s + "\u001b[0m" : s;
    }

    private String red(String s) {
        return color ? "\u001b[31m" + s + "\u001b[0m" : s;
    }

    private String yellow(String s) {
        return color ? "\u001b[33m" + s + "\u001b[0m" : s;
    }
}
