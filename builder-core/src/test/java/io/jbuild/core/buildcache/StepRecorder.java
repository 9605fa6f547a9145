package io.jbuild.core.buildcache;

import io.jbuild.core.build.BuildListener;
import java.time.Duration;
import java.util.List;

/**
 * The cache tests' build listener: each step that ran ({@code stage/number}; FROM, step 1, left out) into {@code ran}
 * and each warning into {@code warnings}. The engine calls a listener one call at a time.
 */
final class StepRecorder implements BuildListener {

    private final List<String> ran;
    private final List<String> warnings;

    StepRecorder(List<String> ran, List<String> warnings) {
        this.ran = ran;
        this.warnings = warnings;
    }

    @Override
    public void stepDone(String stage, int number, Duration took) {
        if (number > 1) {
            ran.add(stage + "/" + number);
        }
    }

    @Override
    public void warning(String message) {
        warnings.add(message);
    }
}
