package io.jbuild.core.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextPathTest {

    @Test
    void cleanedAgainstTheRoot() {
        assertThat(ContextPath.of("../../etc/passwd")).isEqualTo(ContextPath.of("etc/passwd"));
        assertThat(ContextPath.of("/a//b/./c/")).hasToString("a/b/c");
        assertThat(ContextPath.of("a/../..")).isEqualTo(ContextPath.ROOT);
        assertThat(ContextPath.of("")).isEqualTo(ContextPath.ROOT);
        assertThat(ContextPath.of(".").isRoot()).isTrue();
    }

    @Test
    void navigation() {
        ContextPath p = ContextPath.of("a/b/c");
        assertThat(p.parent()).contains(ContextPath.of("a/b"));
        assertThat(ContextPath.of("a").parent()).contains(ContextPath.ROOT);
        assertThat(ContextPath.ROOT.parent()).isEmpty();
        assertThat(p.name()).containsExactly('c');
        assertThat(p.depth()).isEqualTo(3);
        assertThat(p.startsWith(ContextPath.of("a/b"))).isTrue();
        assertThat(ContextPath.of("a/bc").startsWith(ContextPath.of("a/b"))).isFalse();
        assertThat(p.relativeTo(ContextPath.of("a"))).isEqualTo(ContextPath.of("b/c"));
        assertThat(p.relativeTo(p)).isEqualTo(ContextPath.ROOT);
        assertThat(ContextPath.ROOT.resolve("x")).isEqualTo(ContextPath.of("x"));
        assertThatThrownBy(() -> p.resolve("x/y")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.resolve("..")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ordersSegmentBySegmentUnsigned() {
        List<ContextPath> paths = new ArrayList<>(List.of(ContextPath.of("a.txt"), ContextPath.of("a/b"),
                ContextPath.of("a"), ContextPath.ofBytes(new byte[] {'a', (byte) 0xFF}), ContextPath.of("B"),
                ContextPath.of("a-"), ContextPath.ROOT));
        paths.sort(null);
        assertThat(paths).extracting(ContextPath::toString)
                .containsExactly("", "B", "a", "a/b", "a-", "a.txt", "a\\xff");
    }

    @Test
    void displayEscapesWhatIsNotPrintableUtf8() {
        assertThat(ContextPath.ofBytes(new byte[] {'a', '\n', 'b', (byte) 0xC3, (byte) 0xA9, (byte) 0xC3}))
                .hasToString("a\\nbé\\xc3");
        assertThat(ContextPath.of("café").utf8()).contains("café");
        assertThat(ContextPath.ofBytes(new byte[] {(byte) 0xFF}).utf8()).isEmpty();
    }
}
