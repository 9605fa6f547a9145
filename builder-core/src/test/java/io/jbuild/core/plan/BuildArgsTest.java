package io.jbuild.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.core.image.Platform;
import io.jbuild.grammar.ast.Dockerfile;
import io.jbuild.grammar.parser.DockerfileParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildArgsTest {

    @Test
    void keyValueAndKeyFromEnvironment() throws PlanException {
        Map<String, String> args = BuildArgs.parse(List.of("my_ver=2.0", "EMPTY=", "FROM_ENV", "my_ver=3.0"),
                Map.of("FROM_ENV", "env-value"));
        assertThat(args).containsExactly(Map.entry("my_ver", "3.0"), Map.entry("EMPTY", ""),
                Map.entry("FROM_ENV", "env-value"));
    }

    @Test
    void unsetKeyAndBadNamesAreRefused() {
        assertThatThrownBy(() -> BuildArgs.parse(List.of("MISSING"), Map.of()))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("--build-arg MISSING: no value given and MISSING is not set in the environment");
        assertThatThrownBy(() -> BuildArgs.parse(List.of("1x=2"), Map.of()))
                .hasMessageContaining("invalid argument name \"1x\"");
        assertThatThrownBy(() -> BuildArgs.parse(List.of("=2"), Map.of())).isInstanceOf(PlanException.class);
    }

    @Test
    void buildKitsSbomScanArgsAreDeclaredButStayOutOfTheEnvironment() throws PlanException {
        Dockerfile df = DockerfileParser.parse("FROM scratch\nARG BUILDKIT_SBOM_SCAN_STAGE=true V=1\nRUN true\n")
                .dockerfile();
        PlannedStep run = BuildPlanner.plan(df, PlanOptions.defaults()).stages().get(0).steps().get(1);
        assertThat(run.env()).containsEntry("V", "1").doesNotContainKey("BUILDKIT_SBOM_SCAN_STAGE");
    }

    @Test
    void platformSpecs() {
        assertThat(Platform.parse("linux/x86_64").normalize().format()).isEqualTo("linux/amd64");
        assertThat(Platform.parse("linux/aarch64/v8").normalize().format()).isEqualTo("linux/arm64");
        assertThat(Platform.parse("linux/arm/v7").normalize()).isEqualTo(Platform.of("linux", "arm", "v7"));
        assertThatThrownBy(() -> Platform.parse("linux/amd64/v1/x")).hasMessageContaining("os[/arch[/variant]]");
    }
}
