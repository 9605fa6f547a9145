package io.jbuild.core.build;

import io.jbuild.core.plan.StageBase;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How BuildKit's progress output names steps and times, for every display of {@link BuildListener} events (the
 * CLI's plain and tty output, the Maven log), so that they all read the same.
 */
public final class StepText {

    /** A line break in an instruction, with its continuation backslash and the blanks around it. */
    private static final Pattern LINE_BREAK = Pattern.compile("\\s*\\\\?\\r?\\n\\s*");

    private StepText() {
    }

    /**
     * {@code [2/4] RUN make}, or with several stages {@code [build 2/4] RUN make} ({@code stage-0} for a stage
     * without a name); the instruction on one line, continuation backslashes and line breaks folded.
     */
    public static String header(boolean multiStage, String stage, int number, int total, String instruction) {
        String label = multiStage
                ? (stage.chars().allMatch(Character::isDigit) ? "stage-" + stage : stage) + " " + number + "/" + total
                : number + "/" + total;
        return "[" + label + "] " + LINE_BREAK.matcher(instruction).replaceAll(" ");
    }

    /**
     * A stage's FROM as BuildKit shows it: {@code FROM} and the image the arguments expanded to ({@code FROM
     * ${BASE}} shows {@code FROM eclipse-temurin:17-jre}); other bases as written.
     */
    public static String from(StageBase base, String written) {
        return base instanceof StageBase.Image image ? "FROM " + image.reference() : written;
    }

    /** {@code 1.2s}. */
    public static String seconds(Duration d) {
        return decimal(d.toNanos(), 1) + "s";
    }

    /**
     * {@code nanos} as seconds with {@code digits} (1 to 9) decimals, rounded half up as {@code %.1f} rounds; a
     * negative value (no clock here goes back) as 0. By hand: the first use of {@link String#format} loads the
     * locale's number symbols, ~12 ms of a build's first progress line.
     */
    public static String decimal(long nanos, int digits) {
        long unit = 1;
        for (int i = digits; i < 9; i++) {
            unit *= 10;
        }
        long scaled = (Math.max(nanos, 0) + unit / 2) / unit;
        long scale = 1_000_000_000 / unit;
        String fraction = Long.toString(scale + scaled % scale).substring(1);
        return scaled / scale + "." + fraction;
    }
}
