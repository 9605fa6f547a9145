package io.jbuild.core.container.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DetachKeysTest {

    @Test
    void docker_notation() {
        assertThat(DetachKeys.DEFAULT.sequence()).containsExactly(0x10, 0x11);
        assertThat(DetachKeys.parse("ctrl-a,x,ctrl-@,ctrl-[,ctrl-_").sequence()).containsExactly(1, 'x', 0, 27, 31);
        assertThat(DetachKeys.parse("").sequence()).isEmpty();
        assertThatThrownBy(() -> DetachKeys.parse("ctrl-1")).hasMessage("Unknown character: 'ctrl-1'");
        assertThatThrownBy(() -> DetachKeys.parse("ab")).hasMessage("Unknown character: 'ab'");
    }

    @Test
    void held_back_bytes_go_on_when_the_sequence_breaks_and_the_whole_sequence_detaches() {
        DetachKeys.Matcher m = new DetachKeys.Matcher(DetachKeys.DEFAULT);
        assertThat(filter(m, "a\u0010")).isEqualTo("a"); // ctrl-p held back
        assertThat(filter(m, "\u0010b")).isEqualTo("\u0010\u0010b"); // broken: both ctrl-p go on
        assertThat(filter(m, "c\u0010")).isEqualTo("c");
        byte[] out = new byte[16];
        assertThat(m.filter(new byte[] {0x11, 'd'}, 2, out)).isEqualTo(-1); // completed across two reads
        DetachKeys.Matcher never = new DetachKeys.Matcher(DetachKeys.parse(""));
        assertThat(filter(never, "\u0010\u0011")).isEqualTo("\u0010\u0011");
    }

    private static String filter(DetachKeys.Matcher m, String in) {
        byte[] b = in.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[b.length + 2];
        int n = m.filter(b, b.length, out);
        return new String(Arrays.copyOf(out, n), StandardCharsets.ISO_8859_1);
    }
}
