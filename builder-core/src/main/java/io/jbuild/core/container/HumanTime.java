package io.jbuild.core.container;

import java.time.Duration;

/** Durations as docker's {@code ps} writes them ({@code Up 3 minutes}, {@code 5 seconds ago}). */
public final class HumanTime {

    private HumanTime() {
    }

    /** {@code Less than a second}, {@code 1 second}, {@code About a minute}, {@code 3 hours}, {@code 2 weeks}... */
    public static String duration(Duration d) {
        long seconds = Math.max(0, d.getSeconds());
        long minutes = seconds / 60;
        long hours = seconds / 3600;
        if (seconds < 1) {
            return "Less than a second";
        } else if (seconds == 1) {
            return "1 second";
        } else if (seconds < 60) {
            return seconds + " seconds";
        } else if (minutes == 1) {
            return "About a minute";
        } else if (minutes < 60) {
            return minutes + " minutes";
        } else if (hours == 1) {
            return "About an hour";
        } else if (hours < 48) {
            return hours + " hours";
        } else if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        } else if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return hours / 24 / 365 + " years";
    }
}
