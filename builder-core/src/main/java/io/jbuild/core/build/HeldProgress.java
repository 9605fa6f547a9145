package io.jbuild.core.build;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A build's progress events, a step's DONE held back until its layer's blob is stored and its cache entry written
 * ({@link DeferredLayers} compresses a RUN's layer while the next steps run): DONE keeps meaning "cached", which a
 * build killed after it relies on. What the stage reports meanwhile (the next steps' start, output, end) waits
 * behind it, so a front end still sees each stage's steps one after the other; other stages' events pass.
 */
final class HeldProgress implements BuildListener {

    private final BuildListener target;
    /** Per stage, the events waiting behind a held step's DONE (the first item is that DONE). */
    private final Map<String, Deque<Item>> queues = new HashMap<>();
    /** Steps whose DONE waits for {@link #release}. */
    private final Set<String> held = new HashSet<>();
    /** Steps released before their DONE came. */
    private final Map<String, Optional<String>> releasedEarly = new HashMap<>();

    /** A queued event, or a held step's DONE: {@code outcome} empty until released. */
    private static final class Item {
        final Consumer<BuildListener> event;
        final int number;
        final Duration took;
        final long heldSince;
        Optional<Optional<String>> outcome = Optional.empty();

        Item(Consumer<BuildListener> event) {
            this.event = event;
            this.number = 0;
            this.took = null;
            this.heldSince = 0;
        }

        Item(int number, Duration took) {
            this.event = null;
            this.number = number;
            this.took = took;
            this.heldSince = System.nanoTime();
        }
    }

    HeldProgress(BuildListener target) {
        this.target = target;
    }

    private static String id(String stage, int number) {
        return stage + "#" + number;
    }

    /** The DONE of step {@code number} of {@code stage} (not yet reported) waits for {@link #release}. */
    synchronized void hold(String stage, int number) {
        held.add(id(stage, number));
    }

    /**
     * The held step's layer is stored (no {@code failure}) or could not be (the step is then reported failed); its
     * DONE and what waited behind it go out.
     */
    synchronized void release(String stage, int number, Optional<String> failure) {
        if (!held.remove(id(stage, number))) {
            return;
        }
        Deque<Item> queue = queues.get(stage);
        Item done = queue == null ? null : queue.stream().filter(i -> i.event == null && i.number == number)
                .findFirst().orElse(null);
        if (done == null) {
            releasedEarly.put(id(stage, number), failure);
            return;
        }
        done.outcome = Optional.of(failure);
        flush(stage);
    }

    /** Lets out whatever still waits (a build that stopped before its layers were stored): held DONEs are dropped. */
    synchronized void releaseAll() {
        held.clear();
        releasedEarly.clear();
        for (Deque<Item> queue : queues.values()) {
            for (Item i : queue) {
                if (i.event != null) {
                    i.event.accept(target);
                }
            }
        }
        queues.clear();
    }

    /** Sends the stage's events up to the first DONE still held. */
    private void flush(String stage) {
        Deque<Item> queue = queues.get(stage);
        while (queue != null && !queue.isEmpty()) {
            Item head = queue.peekFirst();
            if (head.event != null) {
                head.event.accept(target);
            } else if (head.outcome.isPresent()) {
                Optional<String> failure = head.outcome.get();
                if (failure.isPresent()) {
                    target.stepFailed(stage, head.number, failure.get());
                } else {
                    target.stepDone(stage, head.number,
                            head.took.plusNanos(System.nanoTime() - head.heldSince));
                }
            } else {
                return;
            }
            queue.pollFirst();
        }
        queues.remove(stage);
    }

    /** Sends the event now, or queues it behind the stage's held DONE. */
    private void send(String stage, Consumer<BuildListener> event) {
        Deque<Item> queue = queues.get(stage);
        if (queue == null) {
            event.accept(target);
        } else {
            queue.addLast(new Item(event));
        }
    }

    @Override
    public synchronized void stepDone(String stage, int number, Duration took) {
        String id = id(stage, number);
        if (!held.contains(id)) {
            Optional<String> early = releasedEarly.remove(id);
            if (early != null && early.isPresent()) {
                send(stage, l -> l.stepFailed(stage, number, early.get()));
                return;
            }
            send(stage, l -> l.stepDone(stage, number, took));
            return;
        }
        queues.computeIfAbsent(stage, s -> new ArrayDeque<>()).addLast(new Item(number, took));
    }

    @Override
    public synchronized void planned(int stages) {
        target.planned(stages);
    }

    @Override
    public synchronized void stepStarted(String stage, int number, int total, String text) {
        send(stage, l -> l.stepStarted(stage, number, total, text));
    }

    @Override
    public synchronized void stepCached(String stage, int number) {
        send(stage, l -> l.stepCached(stage, number));
    }

    @Override
    public synchronized void stepFailed(String stage, int number, String message) {
        send(stage, l -> l.stepFailed(stage, number, message));
    }

    @Override
    public synchronized void output(String stage, int number, String line) {
        send(stage, l -> l.output(stage, number, line));
    }

    @Override
    public synchronized void pulling(String reference) {
        target.pulling(reference);
    }

    @Override
    public synchronized void warning(String message) {
        target.warning(message);
    }
}
