package io.jbuild.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class OutputTimestampTest {

    @Test
    void readsIsoWithOffsetAndTruncatesToSeconds() {
        assertThat(OutputTimestamp.parse("2024-01-01T00:00:00Z")).contains(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(OutputTimestamp.parse("2019-10-05T20:37:42+06:00")).contains(Instant.parse("2019-10-05T14:37:42Z"));
        assertThat(OutputTimestamp.parse("2024-01-01T00:00:00.750Z")).contains(Instant.parse("2024-01-01T00:00:00Z"));
    }

    @Test
    void readsSecondsSinceTheEpoch() {
        assertThat(OutputTimestamp.parse("1700000000")).contains(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(OutputTimestamp.parse("0")).contains(Instant.EPOCH);
    }

    @Test
    void unsetBlankOrOneCharacterMeansNotReproducible() {
        assertThat(OutputTimestamp.parse(null)).isEmpty();
        assertThat(OutputTimestamp.parse(" ")).isEmpty();
        assertThat(OutputTimestamp.parse("a")).isEmpty();
    }

    @Test
    void namesAValueItCannotRead() {
        assertThatThrownBy(() -> OutputTimestamp.parse("2024-01-01"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"2024-01-01\"");
        assertThatThrownBy(() -> OutputTimestamp.parse("99999999999999999999999"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
