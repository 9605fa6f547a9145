package io.jbuild.core.build;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The listener as the engine calls it, whatever the front end: one call at a time (stages that build at the same
 * time call from different threads), and each step ended once, as BuildKit's progress does (a step reported
 * cached gets no {@code stepDone} after it).
 */
final class OrderedListener implements BuildListener {

    private final BuildListener target;
    private final Set<String> cached = new HashSet<>();

    OrderedListener(BuildListener target) {
        this.target = target;
    }

    @Override
    public synchronized void planned(int stages) {
        target.planned(stages);
    }

    @Override
    public synchronized void stepStarted(String stage, int number, int total, String text) {
        // Started again: the build goes again without a --cache-from record it had taken on trust and refused since.
        cached.remove(stage + "#" + number);
        target.stepStarted(stage, number, total, text);
    }

    @Override
    public synchronized void stepCached(String stage, int number) {
        if (cached.add(stage + "#" + number)) {
            target.stepCached(stage, number);
        }
    }

    @Override
    public synchronized void stepDone(String stage, int number, Duration took) {
        if (!cached.contains(stage + "#" + number)) {
            target.stepDone(stage, number, took);
        }
    }

    @Override
    public synchronized void stepFailed(String stage, int number, String message) {
        target.stepFailed(stage, number, message);
    }

    @Override
    public synchronized void output(String stage, int number, String line) {
        target.output(stage, number, line);
    }

    @Override
    public synchronized void pulling(String reference) {
        target.pulling(reference);
    }

    @Override
    public synchronized void warning(String message) {
        target.warning(message);
    }

    @Override
    public synchronized void task(String name, List<String> lines, Duration took) {
        target.task(name, lines, took);
    }
}
