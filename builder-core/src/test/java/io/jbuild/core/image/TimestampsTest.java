package io.jbuild.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Timestamps reads what Instant.toString writes exactly as Instant.parse does, and refuses what it refuses; it writes
 * what Instant.toString writes.
 */
class TimestampsTest {

    /** Whole seconds, millis, micros or nanos, the {@code i}th in turn: each makes toString print another shape. */
    private static int nanos(Random random, int i) {
        return switch (i % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
        };
    }

    @Test
    void readsInstantsAsInstantParseDoes() {
        Random random = new Random(17);
        for (int i = 0; i < 20_000; i++) {
            // 1970..2100
            long seconds = (long) (random.nextDouble() * 4_102_444_800L);
            Instant instant = Instant.ofEpochSecond(seconds, nanos(random, i));
            assertThat(Timestamps.parse(instant.toString())).isEqualTo(instant);
        }
        for (String text : new String[] {"2024-02-29T23:59:59Z", "2026-12-06T18:51:51.1Z", "2026-12-06T18:51:51.12Z",
            "1970-01-01T00:00:00.000000001Z", "+10000-01-01T00:00:00Z", "2026-12-06T18:51:51+01:00",
            "2026-12-06T24:00:00Z", "2026-12-06T18:51:51.Z"}) {
            assertThat(Timestamps.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void writesInstantsAsInstantToStringDoes() {
        Random random = new Random(19);
        for (int i = 0; i < 20_000; i++) {
            // all of 0000..9999 and a little beyond on both sides, where toString adds a sign or a fifth digit
            long seconds = -62_167_219_200L - 86_400L * 400 + (long) (random.nextDouble() * 315_569_520_000L * 1.01);
            Instant instant = Instant.ofEpochSecond(seconds, nanos(random, i));
            assertThat(Timestamps.format(instant)).isEqualTo(instant.toString());
        }
        for (Instant edge : new Instant[] {Instant.EPOCH, Instant.ofEpochSecond(-1), Instant.ofEpochSecond(-1, 1),
            Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
            Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z"), Instant.MIN, Instant.MAX,
            Instant.parse("2024-02-29T12:00:00.100Z"), Instant.parse("2024-02-29T12:00:00.000100Z")}) {
            assertThat(Timestamps.format(edge)).isEqualTo(edge.toString());
        }
    }

    @Test
    void refusesWhatInstantParseRefuses() {
        for (String text : new String[] {"", "2023-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
            "2026-12-06T18:5a:51Z", "2026-12-06 18:51:51Z"}) {
            assertThatThrownBy(() -> Timestamps.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
        }
    }
}
