package io.jbuild.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.core.image.Platform;
import io.jbuild.grammar.ast.Dockerfile;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.parser.DockerfileParser;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Base images are an input of planning: asked for first, their configs passed in, nothing resolved while planning. */
class BaseImagesPlanTest {

    private static Dockerfile parse(String text) {
        return DockerfileParser.parse(text).dockerfile();
    }

    @Test
    void namesTheImagesOfTheStagesTheTargetReachesExpanded() throws Exception {
        Dockerfile df = parse("ARG B=alpine:3\nFROM $B AS base\nRUN true\nFROM unused:1 AS other\n"
                + "FROM scratch\nCOPY --from=base /x /x\n");
        assertThat(BuildPlanner.baseImages(df, PlanOptions.defaults())).containsExactly("alpine:3");
        assertThat(BuildPlanner.baseImages(df, PlanOptions.defaults().withBuildArgs(Map.of("B", "debian:12"))))
                .containsExactly("debian:12");
    }

    @Test
    void thePlatformArgsAreTheNormalizedTargetPlatformAsBuildKitSetsThem() throws Exception {
        Dockerfile df = parse("FROM scratch\nARG TARGETPLATFORM\nARG TARGETARCH\nARG TARGETVARIANT\n"
                + "ENV P=$TARGETPLATFORM A=$TARGETARCH V=$TARGETVARIANT\nRUN true\n");
        Map<String, String> arm64 = lastEnv(df, "linux/aarch64/v8");
        assertThat(arm64).containsEntry("P", "linux/arm64").containsEntry("A", "arm64").containsEntry("V", "");
        Map<String, String> arm = lastEnv(df, "linux/arm");
        assertThat(arm).containsEntry("P", "linux/arm/v7").containsEntry("A", "arm").containsEntry("V", "v7");
    }

    @Test
    void theOsVersionArgsAreTheTargetPlatformsAsBuildKitSetsThem() throws Exception {
        Dockerfile df = parse("FROM scratch\nARG TARGETOSVERSION\nARG BUILDOSVERSION\n"
                + "ENV T=$TARGETOSVERSION B=$BUILDOSVERSION\nRUN true\n");
        Map<String, String> windows = lastEnv(df, "windows(10.0.17763)/amd64");
        assertThat(windows).containsEntry("T", "10.0.17763").containsEntry("B", "");
    }

    private static Map<String, String> lastEnv(Dockerfile df, String platform) throws Exception {
        List<PlannedStep> steps = BuildPlanner.plan(df, PlanOptions.defaults()
                .withTargetPlatform(Platform.parse(platform))).stages().get(0).steps();
        return steps.get(steps.size() - 1).env();
    }

    @Test
    void anEnvReplacesABaseVariableInPlaceInTheConfigAndLastInTheSteps() throws Exception {
        Dockerfile df = parse("FROM app:1\nENV A=2\nRUN true\n");
        BuildPlan plan = BuildPlanner.plan(df, PlanOptions.defaults().withBaseImages(Map.of("app:1",
                new BaseImageConfig(List.of("A=1", "PATH=/bin"), List.of()))));
        PlannedStep run = plan.stages().get(0).steps().get(1);
        assertThat(run.imageEnv()).containsExactly(Map.entry("A", "2"), Map.entry("PATH", "/bin"));
        assertThat(run.env()).containsExactly(Map.entry("PATH", "/bin"), Map.entry("A", "2"));
    }

    @Test
    void thePlanReadsTheConfigsItIsGiven() throws Exception {
        Dockerfile df = parse("FROM app:1\nRUN echo $A\n");
        BuildPlan plain = BuildPlanner.plan(df, PlanOptions.defaults());
        assertThat(plain.stages().get(0).steps().get(0).imageEnv()).isEmpty();
        assertThat(plain.stages().get(0).steps()).hasSize(1);

        BuildPlan withBase = BuildPlanner.plan(df, PlanOptions.defaults().withBaseImages(Map.of("app:1",
                new BaseImageConfig(List.of("A=1", "PATH=/bin"), List.of("ENV T=triggered")))));
        PlannedStage stage = withBase.stages().get(0);
        assertThat(stage.steps().get(1).imageEnv()).containsEntry("A", "1").containsEntry("PATH", "/bin");
        assertThat(stage.steps()).hasSize(2);
        assertThat(stage.steps().get(0).instruction()).isInstanceOf(Instruction.Env.class);
        assertThat(stage.steps().get(0).triggeredBy()).contains("app:1");
        assertThat(stage.steps().get(1).env()).containsEntry("A", "1").containsEntry("T", "triggered");
    }

    @Test
    void aTriggerNamingAStageAddsItsImageInTheNextRound() throws Exception {
        Dockerfile df = parse("FROM helper:1 AS helper\nFROM app:1\n");
        PlanOptions none = PlanOptions.defaults();
        assertThat(BuildPlanner.baseImages(df, none)).containsExactly("app:1");
        PlanOptions known = none.withBaseImages(Map.of("app:1",
                new BaseImageConfig(List.of(), List.of("COPY --from=helper /x /x"))));
        assertThat(BuildPlanner.baseImages(df, known)).containsExactly("helper:1", "app:1");
    }

    @Test
    void aBadTriggerFailsAtItsFromLineWhenAskedForImagesAsWhenPlanning() {
        Dockerfile df = parse("FROM scratch\nFROM app:1\n");
        PlanOptions known = PlanOptions.defaults().withBaseImages(Map.of("app:1",
                new BaseImageConfig(List.of(), List.of("FROM other"))));
        for (var call : List.<ThrowingCallable>of(
                () -> BuildPlanner.baseImages(df, known), () -> BuildPlanner.plan(df, known))) {
            assertThatThrownBy(call).isInstanceOf(PlanException.class)
                    .hasMessageContaining("ONBUILD trigger \"FROM other\" of app:1: FROM isn't allowed as an "
                            + "ONBUILD trigger")
                    .satisfies(e -> assertThat(((PlanException) e).problems().get(0).range().start().line())
                            .isEqualTo(2));
        }
    }
}
