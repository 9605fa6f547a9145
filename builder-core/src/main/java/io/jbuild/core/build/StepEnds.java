package io.jbuild.core.build;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Passes a build's events on, ending each step once, as BuildKit's progress does: a step reported cached gets no
 * {@code stepDone} after it.
 */
final class StepEnds implements BuildListener {

    private final BuildListener target;
    private final Set<String> cached = ConcurrentHashMap.newKeySet();

    StepEnds(BuildListener target) {
        this.target = target;
    }

    @Override
    public void planned(int stages) {
        target.planned(stages);
    }

    @Override
    public void stepStarted(String stage, int number, int total, String text) {
        target.stepStarted(stage, number, total, text);
    }

    @Override
    public void stepCached(String stage, int number) {
        if (cached.add(stage + "#" + number)) {
            target.stepCached(stage, number);
        }
    }

    @Override
    public void stepDone(String stage, int number, Duration took) {
        if (!cached.contains(stage + "#" + number)) {
            target.stepDone(stage, number, took);
        }
    }

    @Override
    public void output(String stage, int number, String line) {
        target.output(stage, number, line);
    }

    @Override
    public void warning(String message) {
        target.warning(message);
    }
}
