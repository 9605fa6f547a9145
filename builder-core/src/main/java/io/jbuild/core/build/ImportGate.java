package io.jbuild.core.build;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A platform's step events while its {@code --cache-from} sources are still read: the steps start meanwhile (a step
 * waits for the sources at its first look-up), but what they report is held and passed on, in order, once the
 * import's own block has been shown, so that the display shows the import first, as BuildKit does. A build that ends
 * before the import does opens the gate itself: its steps and failure are shown, not held.
 */
final class ImportGate implements BuildListener {

    private final BuildListener target;
    /** Events not passed on yet; null once open. Guarded by this. */
    private List<Consumer<BuildListener>> held;

    ImportGate(BuildListener target, boolean open) {
        this.target = target;
        this.held = open ? null : new ArrayList<>();
    }

    /** Passes on what was held and, from now on, every event as it comes. */
    synchronized void open() {
        if (held != null) {
            List<Consumer<BuildListener>> events = held;
            held = null;
            events.forEach(e -> e.accept(target));
        }
    }

    private synchronized void send(Consumer<BuildListener> event) {
        if (held != null) {
            held.add(event);
        } else {
            event.accept(target);
        }
    }

    @Override
    public void planned(int stages) {
        send(t -> t.planned(stages));
    }

    @Override
    public void stepStarted(String stage, int number, int total, String text) {
        send(t -> t.stepStarted(stage, number, total, text));
    }

    @Override
    public void stepCached(String stage, int number) {
        send(t -> t.stepCached(stage, number));
    }

    @Override
    public void stepDone(String stage, int number, Duration took) {
        send(t -> t.stepDone(stage, number, took));
    }

    @Override
    public void stepFailed(String stage, int number, String message) {
        send(t -> t.stepFailed(stage, number, message));
    }

    @Override
    public void output(String stage, int number, String line) {
        send(t -> t.output(stage, number, line));
    }

    @Override
    public void pulling(String reference) {
        send(t -> t.pulling(reference));
    }

    @Override
    public void warning(String message) {
        send(t -> t.warning(message));
    }

    @Override
    public void task(String name, List<String> lines, Duration took) {
        send(t -> t.task(name, lines, took));
    }
}
