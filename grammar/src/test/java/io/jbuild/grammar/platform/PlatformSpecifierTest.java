package io.jbuild.grammar.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The host's platform from Java's names (parsing and normalization are in core's PlatformTest, through Platform). */
class PlatformSpecifierTest {

    @Test
    void hostMapping() {
        assertThat(PlatformSpecifier.fromJava("Linux", "amd64").format()).isEqualTo("linux/amd64");
        assertThat(PlatformSpecifier.fromJava("Linux", "x86_64").format()).isEqualTo("linux/amd64");
        assertThat(PlatformSpecifier.fromJava("Linux", "aarch64").format()).isEqualTo("linux/arm64/v8");
        assertThat(PlatformSpecifier.fromJava("Linux", "arm").format()).isEqualTo("linux/arm/v7");
        assertThat(PlatformSpecifier.fromJava("Mac OS X", "aarch64").format()).isEqualTo("darwin/arm64/v8");
        assertThat(PlatformSpecifier.fromJava("Windows 11", "amd64").format()).isEqualTo("windows/amd64");
        assertThat(PlatformSpecifier.fromJava("Linux", "i686").format()).isEqualTo("linux/386");
        assertThat(PlatformSpecifier.host().os()).isNotEmpty();
    }
}
