package io.jbuild.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** StepText's times read as String.format's {@code %.Nf} of the same seconds, which it stands in for. */
class StepTextTest {

    @Test
    void decimalsAreFormatsDecimals() {
        Random random = new Random(23);
        for (int i = 0; i < 50_000; i++) {
            // whole, half-way and random nanos, from nothing to a few hours
            long nanos = switch (i % 3) {
                case 0 -> random.nextInt(100_000) * 1_000_000L;
                case 1 -> random.nextInt(100_000) * 100_000_000L + 50_000_000L;
                default -> (long) (random.nextDouble() * 10_000e9);
            };
            int digits = 1 + i % 3;
            // %f rounds the double's exact value half up: for these magnitudes the same as rounding the nanos
            assertThat(StepText.decimal(nanos, digits)).as("%d ns, %d digits", nanos, digits)
                    .isEqualTo(String.format(Locale.ROOT, "%." + digits + "f", nanos / 1e9));
        }
        assertThat(StepText.decimal(0, 1)).isEqualTo("0.0");
        assertThat(StepText.decimal(-5, 3)).isEqualTo("0.000");
        assertThat(StepText.decimal(999_999_999, 9)).isEqualTo("0.999999999");
        assertThat(StepText.seconds(Duration.ofMillis(1250))).isEqualTo("1.3s");
        assertThat(StepText.seconds(Duration.ofMillis(1249))).isEqualTo("1.2s");
        assertThat(StepText.seconds(Duration.ofSeconds(3600))).isEqualTo("3600.0s");
    }
}
