package io.jbuild.core.container.cp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The two sides of {@code cp} split as docker's client splits them. */
class CopyArgTest {

    @Test
    void splitsAsDocker() {
        assertThat(CopyArg.parse("web:/etc/passwd")).isEqualTo(new CopyArg.InContainer("web", "/etc/passwd"));
        assertThat(CopyArg.parse("web:relative")).isEqualTo(new CopyArg.InContainer("web", "relative"));
        assertThat(CopyArg.parse("/abs:colon")).isEqualTo(new CopyArg.Local("/abs:colon"));
        assertThat(CopyArg.parse("./a:b")).isEqualTo(new CopyArg.Local("./a:b"));
        assertThat(CopyArg.parse("file")).isEqualTo(new CopyArg.Local("file"));
        assertThat(CopyArg.parse("-")).isEqualTo(new CopyArg.Stream());
    }

    @Test
    void exactlyOneSideInAContainer() {
        assertThatThrownBy(() -> CopyArg.checkPair(CopyArg.parse("a:/x"), CopyArg.parse("b:/y")))
                .hasMessage("copying between containers is not supported");
        assertThatThrownBy(() -> CopyArg.checkPair(CopyArg.parse("/x"), CopyArg.parse("-")))
                .hasMessage("must specify at least one container source");
        CopyArg.checkPair(CopyArg.parse("-"), CopyArg.parse("web:/tmp"));
    }
}
