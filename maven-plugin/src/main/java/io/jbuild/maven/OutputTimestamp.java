package io.jbuild.maven;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Reads {@code project.build.outputTimestamp} as Maven's archivers do, so that a reproducible Maven build gives a
 * reproducible image: seconds since the epoch (as {@code SOURCE_DATE_EPOCH}), or an ISO-8601 date-time with an
 * offset ({@code 2024-01-01T00:00:00Z}), truncated to seconds. Unset, blank or a single non-digit character means
 * "not reproducible": Maven's convention for switching off an inherited value. Unlike a jar's, an image's times
 * need not fit the ZIP format's 1980-2099 range.
 */
final class OutputTimestamp {

    private OutputTimestamp() {
    }

    /** @throws IllegalArgumentException naming the value when it is neither form */
    static Optional<Instant> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return Optional.of(Instant.ofEpochSecond(Long.parseLong(v)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("\"" + value + "\" is too large a number of seconds", e);
            }
        }
        if (v.length() < 2) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(v, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant()
                    .truncatedTo(ChronoUnit.SECONDS));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("\"" + value + "\" is neither seconds since the epoch nor an ISO-8601 "
                    + "date-time with an offset (like 2024-01-01T00:00:00Z)", e);
        }
    }
}
