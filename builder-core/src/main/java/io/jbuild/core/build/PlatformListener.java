package io.jbuild.core.build;

import io.jbuild.core.image.Platform;
import java.time.Duration;

/**
 * One platform's part of a multi-platform build as the front end sees it: its stages labelled with the platform
 * first ({@code linux/arm64 build}), as BuildKit labels them, so that the platforms' steps stay apart.
 */
final class PlatformListener implements BuildListener {

    private final BuildListener target;
    private final String prefix;

    PlatformListener(BuildListener target, Platform platform) {
        this.target = target;
        this.prefix = platform.format() + " ";
    }

    @Override
    public void planned(int stages) {
        target.planned(stages);
    }

    @Override
    public void stepStarted(String stage, int number, int total, String text) {
        target.stepStarted(prefix + stage, number, total, text);
    }

    @Override
    public void stepCached(String stage, int number) {
        target.stepCached(prefix + stage, number);
    }

    @Override
    public void stepDone(String stage, int number, Duration took) {
        target.stepDone(prefix + stage, number, took);
    }

    @Override
    public void stepFailed(String stage, int number, String message) {
        target.stepFailed(prefix + stage, number, message);
    }

    @Override
    public void output(String stage, int number, String line) {
        target.output(prefix + stage, number, line);
    }

    @Override
    public void pulling(String reference) {
        target.pulling(reference);
    }

    @Override
    public void warning(String message) {
        target.warning(message);
    }
}
