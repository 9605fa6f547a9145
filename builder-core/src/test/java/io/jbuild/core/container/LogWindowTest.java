package io.jbuild.core.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** --since/--until values as docker 20.10's client reads them (its messages checked against it). */
class LogWindowTest {

    private static final Instant NOW = Instant.parse("2026-12-06T19:00:00Z");
    private static final ZoneId ZONE = ZoneId.of("+02:00");

    private static Instant since(String v) {
        return LogWindow.parse("since", v, NOW, ZONE);
    }

    @Test
    void durationsGoBackFromNow() {
        assertThat(since("10m")).isEqualTo("2026-12-06T18:50:00Z");
        assertThat(since("1h30m")).isEqualTo("2026-12-06T17:30:00Z");
        assertThat(since("1.5h")).isEqualTo("2026-12-06T17:30:00Z");
        assertThat(since("250ms")).isEqualTo("2026-12-06T18:59:59.750Z");
        assertThat(since("-1h")).isEqualTo("2026-12-06T20:00:00Z");
    }

    @Test
    void unixSecondsWithAFraction() {
        assertThat(since("1700000000")).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(since("1700000000.5")).isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 500_000_000));
        assertThat(since("0")).isEqualTo(Instant.EPOCH);
    }

    @Test
    void rfc3339WithOrWithoutZoneAndParts() {
        assertThat(since("2026-12-06T18:00:00Z")).isEqualTo("2026-12-06T18:00:00Z");
        assertThat(since("2026-12-06T18:00:00.25+01:00")).isEqualTo("2026-12-06T17:00:00.25Z");
        assertThat(since("2026-12-06T18:00:00.123456789z")).isEqualTo("2026-12-06T18:00:00.123456789Z");
        // no zone: the local one
        assertThat(since("2026-12-06T18:00:00")).isEqualTo("2026-12-06T16:00:00Z");
        assertThat(since("2026-12-06T18:30")).isEqualTo("2026-12-06T16:30:00Z");
        assertThat(since("2026-12-06T18")).isEqualTo("2026-12-06T16:00:00Z");
        assertThat(since("2026-12-06")).isEqualTo("2026-12-05T22:00:00Z");
        assertThat(LogWindow.parse("since", "", NOW, ZONE)).isNull();
    }

    @Test
    void badValuesGetDockersWords() {
        assertThatThrownBy(() -> since("foo"))
                .hasMessage("invalid value for \"since\": failed to parse value as time or duration: \"foo\"");
        assertThatThrownBy(() -> since("1.5.3"))
                .hasMessage("invalid value for \"since\": failed to parse value as time or duration: \"1.5.3\"");
        assertThatThrownBy(() -> since("1e3"))
                .hasMessage("invalid value for \"since\": failed to parse value as time or duration: \"1e3\"");
        assertThatThrownBy(() -> LogWindow.parse("until", "2026-13-01", NOW, ZONE))
                .hasMessage("invalid value for \"until\": parsing time \"2026-13-01\": month out of range");
        assertThatThrownBy(() -> since("2026-12-06T25:00:00Z"))
                .hasMessage("invalid value for \"since\": parsing time \"2026-12-06T25:00:00Z\": hour out of range");
        assertThatThrownBy(() -> since("2026-12-06 18:00")).hasMessageStartingWith(
                "invalid value for \"since\": parsing time \"2026-12-06 18:00\"");
    }

    @Test
    void windowBoundsAreInclusive() {
        LogWindow w = new LogWindow(Instant.parse("2026-01-01T00:00:01Z"), Instant.parse("2026-01-01T00:00:02Z"));
        assertThat(w.contains(Instant.parse("2026-01-01T00:00:01Z"))).isTrue();
        assertThat(w.contains(Instant.parse("2026-01-01T00:00:02Z"))).isTrue();
        assertThat(w.contains(Instant.parse("2026-01-01T00:00:00.999Z"))).isFalse();
        assertThat(w.after(Instant.parse("2026-01-01T00:00:02.001Z"))).isTrue();
    }
}
