package io.jbuild.core.build;

import java.time.Duration;

/** A listener called by one stage at a time, so that front ends' displays need not be thread-safe. */
final class SerializedListener implements BuildListener {

    private final BuildListener target;

    private SerializedListener(BuildListener target) {
        this.target = target;
    }

    static BuildListener of(BuildListener target) {
        return target instanceof SerializedListener ? target : new SerializedListener(target);
    }

    @Override
    public synchronized void planned(int stages) {
        target.planned(stages);
    }

    @Override
    public synchronized void stepStarted(String stage, int number, int total, String text) {
        target.stepStarted(stage, number, total, text);
    }

    @Override
    public synchronized void stepCached(String stage, int number) {
        target.stepCached(stage, number);
    }

    @Override
    public synchronized void stepDone(String stage, int number, Duration took) {
        target.stepDone(stage, number, took);
    }

    @Override
    public synchronized void output(String stage, int number, String line) {
        target.output(stage, number, line);
    }

    @Override
    public synchronized void warning(String message) {
        target.warning(message);
    }
}
