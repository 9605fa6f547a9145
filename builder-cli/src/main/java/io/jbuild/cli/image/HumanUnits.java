package io.jbuild.cli.image;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Sizes and ages as docker prints them ({@code 1.23MB}, {@code 2 weeks ago}, {@code Up 3 minutes}). */
public final class HumanUnits {

    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
    /** Go's time.Time as docker's --format prints it (CreatedAt): {@code 2024-01-02 15:04:05 +0000 UTC}. */
    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z 'UTC'")
            .withZone(ZoneOffset.UTC);

    private HumanUnits() {
    }

    /** Decimal units, three significant digits, no trailing zeros: {@code 723B}, {@code 5.6kB}, {@code 187MB}. */
    public static String size(long bytes) {
        BigDecimal value = BigDecimal.valueOf(bytes).round(new MathContext(3));
        int unit = 0;
        BigDecimal thousand = BigDecimal.valueOf(1000);
        while (value.compareTo(thousand) >= 0 && unit < UNITS.length - 1) {
            value = value.divide(thousand).round(new MathContext(3));
            unit++;
        }
        return value.stripTrailingZeros().toPlainString() + UNITS[unit];
    }

    /** docker's HumanDuration: {@code 5 seconds}, {@code About an hour}, {@code 3 days}, {@code 2 weeks}. */
    /** {@code when} as docker's {@code --format} prints a time ({@code .CreatedAt}). */
    public static String goTime(Instant when) {
        return GO_TIME.format(when);
    }

    public static String duration(Duration d) {
        long seconds = Math.max(0, d.getSeconds()); // a clock set back shows "Less than a second"
        if (seconds < 1) {
            return "Less than a second";
        } else if (seconds == 1) {
            return "1 second";
        } else if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = seconds / 60;
        if (minutes == 1) {
            return "About a minute";
        } else if (minutes < 60) {
            return minutes + " minutes";
        }
        long hours = Math.round(seconds / 3600.0);
        if (hours == 1) {
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
        return seconds / 3600 / 24 / 365 + " years";
    }
}
