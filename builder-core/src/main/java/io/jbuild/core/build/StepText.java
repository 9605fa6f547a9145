package io.jbuild.core.build;

import io.jbuild.core.plan.StageBase;
import java.time.Duration;
import java.util.Locale;

/**
 * How BuildKit's progress output names steps and times, for every display of {@link BuildListener} events (the
 * CLI's plain and tty output, the Maven log), so that they all read the same.
 */
public final class StepText {

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
        return "[" + label + "] " + instruction.replaceAll("\\s*\\\\?\\r?\\n\\s*", " ");
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
        return String.format(Locale.ROOT, "%.1fs", d.toNanos() / 1e9);
    }
}
