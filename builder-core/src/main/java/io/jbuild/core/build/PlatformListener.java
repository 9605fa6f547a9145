package io.jbuild.core.build;

import io.jbuild.core.image.Platform;
import java.time.Duration;
import java.util.List;

/**
 * One platform's part of a multi-platform build as the front end sees it: its stages labelled with the platform
 * first ({@code linux/arm64 build}; a Dockerfile of one stage just {@code linux/arm64}), as BuildKit labels them, so
 * that the platforms' steps stay apart. Displays show stage labels only for builds of several stages, so this one
 * always reports several.
 */
final class PlatformListener implements BuildListener {

    private final BuildListener target;
    private final String platform;
    private volatile boolean oneStage;

    PlatformListener(BuildListener target, Platform platform) {
        this.target = target;
        this.platform = platform.format();
    }

    @Override
    public void planned(int stages) {
        oneStage = stages == 1;
        target.planned(Math.max(2, stages));
    }

    private String label(String stage) {
        return oneStage ? platform : platform + " " + stage;
    }

    @Override
    public void stepStarted(String stage, int number, int total, String text) {
        target.stepStarted(label(stage), number, total, text);
    }

    @Override
    public void stepCached(String stage, int number) {
        target.stepCached(label(stage), number);
    }

    @Override
    public void stepDone(String stage, int number, Duration took) {
        target.stepDone(label(stage), number, took);
    }

    @Override
    public void stepFailed(String stage, int number, String message) {
        target.stepFailed(label(stage), number, message);
    }

    @Override
    public void output(String stage, int number, String line) {
        target.output(label(stage), number, line);
    }

    @Override
    public void pulling(String reference) {
        target.pulling(reference);
    }

    @Override
    public void warning(String message) {
        target.warning(message);
    }

    @Override
    public void task(String name, List<String> lines, Duration took) {
        target.task(name, lines, took);
    }
}
