package io.jbuild.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanUnitsTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0B", "723, 723B", "999, 999B", "1000, 1kB", "5600, 5.6kB", "13300, 13.3kB", "1234567, 1.23MB",
        "187000000, 187MB", "999500, 1MB", "7800000, 7.8MB", "2000000000, 2GB"})
    void sizes(long bytes, String expected) {
        assertThat(HumanUnits.size(bytes)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "0, Less than a second", "1, 1 second", "59, 59 seconds", "60, About a minute", "119, About a minute",
        "120, 2 minutes", "3599, 59 minutes", "3600, About an hour", "5399, About an hour", "5400, 2 hours",
        "170000, 47 hours", "172800, 2 days", "1200000, 13 days", "1209600, 2 weeks", "5000000, 8 weeks",
        "5184000, 2 months", "63000000, 24 months", "63072000, 2 years", "-5, Less than a second",
        "3660, About an hour", "259200, 3 days", "7776000, 3 months", "69120000, 2 years"})
    void durations(long seconds, String expected) {
        assertThat(HumanUnits.duration(Duration.ofSeconds(seconds))).isEqualTo(expected);
    }
}
