package io.jbuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {

    private static String[] rewrite(String... args) {
        return Main.withImplicitBuild(args);
    }

    @Test
    void aContextFirstMeansBuild() {
        assertThat(rewrite(".", "-t", "hello:1.0", "--build-arg", "my_ver=2.0"))
                .containsExactly("build", ".", "-t", "hello:1.0", "--build-arg", "my_ver=2.0");
        assertThat(rewrite("some/dir")).containsExactly("build", "some/dir");
    }

    @Test
    void commandsAndOptionsAreLeftAlone() {
        assertThat(rewrite("images", "-q")).containsExactly("images", "-q");
        assertThat(rewrite("--version")).containsExactly("--version");
        assertThat(rewrite()).isEmpty();
    }

    @Test
    void theQuickVersionIsPicocliS() throws Exception {
        Shell.Result quick = Shell.run(Shell.jbuild("--version"));
        assertThat(quick.exitCode()).isZero();
        assertThat(quick.output()).startsWith("jbuild ").isEqualTo(CliRunner.run("--version").out());
        assertThat(Shell.run(Shell.jbuild("-V")).output()).isEqualTo(quick.output());
    }
}
