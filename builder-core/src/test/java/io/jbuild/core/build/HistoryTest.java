package io.jbuild.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** History text formatting as Go's fmt prints BuildKit's values. */
class HistoryTest {

    @Test
    void durationsAsGoPrintsThem() {
        assertThat(History.goDuration(null)).isEqualTo("0s");
        assertThat(History.goDuration(0L)).isEqualTo("0s");
        assertThat(History.goDuration(999L)).isEqualTo("999ns");
        assertThat(History.goDuration(1_500L)).isEqualTo("1.5µs");
        assertThat(History.goDuration(500_000_000L)).isEqualTo("500ms");
        assertThat(History.goDuration(1_500_000_000L)).isEqualTo("1.5s");
        assertThat(History.goDuration(30_000_000_000L)).isEqualTo("30s");
        assertThat(History.goDuration(60_000_000_000L)).isEqualTo("1m0s");
        assertThat(History.goDuration(90_000_000_000L)).isEqualTo("1m30s");
        assertThat(History.goDuration(3_600_000_000_000L)).isEqualTo("1h0m0s");
        assertThat(History.goDuration(3_723_500_000_000L)).isEqualTo("1h2m3.5s");
        assertThat(History.goDuration(-2_000_000_000L)).isEqualTo("-2s");
    }

    @Test
    void slicesAsPercentQAndPercentV() {
        assertThat(History.quoted(List.of("sh", "-c", "echo \"hi\"\n"))).isEqualTo("[\"sh\" \"-c\" \"echo \\\"hi\\\"\\n\"]");
        assertThat(History.quoted(List.of())).isEqualTo("[]");
        assertThat(History.list(List.of("/bin/bash", "-c"))).isEqualTo("[/bin/bash -c]");
    }
}
