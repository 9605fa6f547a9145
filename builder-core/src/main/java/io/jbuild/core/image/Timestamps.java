package io.jbuild.core.image;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The instants image configs and container files hold ({@link Instant#toString()}: {@code 2026-12-06T18:51:51.1141Z}),
 * read and written by hand. {@link Instant#parse} goes through a general formatter that was, run cold, more than a
 * quarter of a {@code ps -a} of 50 containers (three instants each), and {@link Instant#toString()} initialises
 * java.time's formatters (~5 ms of a build that writes one history entry); any other shape is left to them.
 */
public final class Timestamps {

    private Timestamps() {
    }

    /** {@code text} as an instant; the same result as {@link Instant#parse}, which it falls back to. */
    public static Instant parse(String text) {
        int n = text.length();
        // yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z
        if (n < 20 || n > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(n - 1) != 'Z'
                || (n > 20 && (text.charAt(19) != '.' || n == 21))) {
            return Instant.parse(text);
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int fraction = n > 20 ? digits(text, 20, n - 1) : 0;
        if ((year | month | day | hour | minute | second | fraction) < 0 || month < 1 || month > 12 || day < 1
                || hour > 23 || minute > 59 || second > 59 || day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return Instant.parse(text); // its error, or its reading of what this does not handle
        }
        int nanos = fraction;
        for (int i = n - 1 - 20; i < 9; i++) {
            nanos *= 10;
        }
        long seconds = LocalDate.of(year, month, day).toEpochDay() * 86_400 + hour * 3600L + minute * 60L + second;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** {@link Instant#toString()} of {@code instant}, the same text. */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        // 0000-01-01 up to 9999-12-31: toString writes other years with a sign or more digits
        if (seconds < -62_167_219_200L || seconds >= 253_402_300_800L) {
            return instant.toString();
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        int time = (int) Math.floorMod(seconds, 86_400);
        StringBuilder b = new StringBuilder(30);
        pad(b, date.getYear(), 4).append('-');
        pad(b, date.getMonthValue(), 2).append('-');
        pad(b, date.getDayOfMonth(), 2).append('T');
        pad(b, time / 3600, 2).append(':');
        pad(b, time / 60 % 60, 2).append(':');
        pad(b, time % 60, 2);
        int nanos = instant.getNano();
        if (nanos > 0) {
            // in groups of three digits, as toString: millis, micros or nanos
            b.append('.');
            if (nanos % 1_000_000 == 0) {
                pad(b, nanos / 1_000_000, 3);
            } else if (nanos % 1000 == 0) {
                pad(b, nanos / 1000, 6);
            } else {
                pad(b, nanos, 9);
            }
        }
        return b.append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder b, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(digits);
    }

    /** The decimal number in {@code text[from, to)}; -1 if a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
