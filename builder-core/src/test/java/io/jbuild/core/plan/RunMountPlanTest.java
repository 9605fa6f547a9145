package io.jbuild.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.grammar.parser.DockerfileParser;
import org.junit.jupiter.api.Test;

/**
 * The stages a {@code RUN --mount} reads are the ones its step mounts: the planner reads the flag with the grammar's
 * {@code RunMount} rules, as the executor does (it once took a repeated key's first value, the executor its last).
 */
class RunMountPlanTest {

    @Test
    void aRepeatedFromTakesItsLastValueAsTheStepDoes() throws PlanException {
        BuildPlan plan = plan("""
                FROM scratch AS a
                FROM scratch AS b
                FROM scratch
                RUN --mount=from=a,FROM=b,target=/x true
                """);
        assertThat(plan.stages()).extracting(PlannedStage::index).containsExactly(1, 2);
        assertThat(plan.stages().get(1).dependsOn()).containsExactly(1);
    }

    @Test
    void aLateStageIsNamedWithTheTargetTheStepWouldUse() {
        assertThatThrownBy(() -> plan("""
                FROM scratch AS first
                RUN --mount=from=later,target=/a,DST=/b true
                FROM scratch AS later
                FROM first
                """))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("cannot mount from stage \"later\" to \"/b\"");
    }

    private static BuildPlan plan(String dockerfile) throws PlanException {
        return BuildPlanner.plan(DockerfileParser.parse(dockerfile).dockerfile(), PlanOptions.defaults());
    }
}
