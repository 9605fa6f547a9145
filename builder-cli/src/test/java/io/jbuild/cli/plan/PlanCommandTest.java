package io.jbuild.cli.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.cli.CliRunner;
import io.jbuild.core.json.PlanJson;
import io.jbuild.core.plan.BuildPlanner;
import io.jbuild.core.plan.PlanOptions;
import io.jbuild.grammar.parser.DockerfileParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What {@code jbuild plan} adds to core's planner and renderer (whose cases are core's {@code PlanCasesTest}): the
 * JSON printed is {@link PlanJson}'s, warnings and failures go to standard error under the CLI's prefixes, and
 * the exit code says which.
 */
class PlanCommandTest {

    @Test
    void printsCoresJsonAndWarnsAboutUnusedBuildArgs() throws Exception {
        Path dockerfile = CliRunner.testdata().resolve("plan/proxy-and-unused-args/Dockerfile");
        CliRunner.Outcome o = CliRunner.run("plan", "-f", dockerfile.toString(), "--build-arg",
                "HTTP_PROXY=http://proxy:3128", "--build-arg", "USED=1", "--build-arg", "NOPE=1");

        assertThat(o.exitCode()).as(o.err()).isZero();
        String expected = PlanJson.write(BuildPlanner.plan(DockerfileParser.parse(dockerfile).dockerfile(),
                PlanOptions.fromArguments(List.of("HTTP_PROXY=http://proxy:3128", "USED=1", "NOPE=1"), Map.of(),
                        null, null)));
        assertThat(o.out()).isEqualTo(expected + System.lineSeparator());
        assertThat(o.err()).isEqualTo("[warning] One or more build-args [NOPE] were not consumed"
                + System.lineSeparator());
    }

    @Test
    void aPlanProblemIsOneLineUnderTheCommandsNameAndExitOne() {
        Path dockerfile = CliRunner.testdata().resolve("plan/error-target-missing/Dockerfile");
        CliRunner.Outcome o = CliRunner.run("plan", "-f", dockerfile.toString(), "--target", "three");

        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.out()).isEmpty();
        assertThat(o.err()).isEqualTo("jbuild plan: target stage \"three\" could not be found (stages: one, two)"
                + System.lineSeparator());
    }
}
