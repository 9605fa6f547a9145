package io.jbuild.core.build;

import java.time.Duration;
import java.util.List;

/**
 * What a build reports as it goes; front ends turn it into progress displays. Calls never overlap, but stages that
 * build at the same time make them from different threads.
 */
public interface BuildListener {

    /** The build will make {@code stages} stages (steps are then labelled with their stage's name). */
    default void planned(int stages) {
    }

    /** Step {@code number} of {@code total} of a stage starts; {@code text} is the instruction as written. */
    default void stepStarted(String stage, int number, int total, String text) {
    }

    /** The step's result came from the cache; this ends the step (no {@link #stepDone} follows). */
    default void stepCached(String stage, int number) {
    }

    /** The step ran to its end (a step ends with this or {@link #stepCached}, never both). */
    default void stepDone(String stage, int number, Duration took) {
    }

    /**
     * The step failed with {@code message} (its first line says what; more may follow, e.g. a RUN's last output);
     * the build stops and no {@code stepDone} follows. Steps a failure elsewhere interrupts do not report.
     */
    default void stepFailed(String stage, int number, String message) {
    }

    /** A line of output (of RUN) or a note about the step. */
    default void output(String stage, int number, String line) {
    }

    /**
     * A base image is being pulled (the store lacks it, or the build asked to pull): information, which displays
     * without an information level of their own show as a warning.
     */
    default void pulling(String reference) {
        warning("pulling " + reference);
    }

    default void warning(String message) {
    }

    /**
     * Work of the build outside its steps finished, which BuildKit shows as a step of its own: importing a cache
     * manifest ({@code importing cache manifest from REF}), exporting a cache ({@code exporting cache to registry
     * REF}); {@code lines} say what it did.
     */
    default void task(String name, List<String> lines, Duration took) {
    }

    BuildListener SILENT = new BuildListener() {
    };
}
