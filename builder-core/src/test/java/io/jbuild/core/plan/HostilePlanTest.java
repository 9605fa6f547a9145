package io.jbuild.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.grammar.parser.DockerfileParser;
import io.jbuild.grammar.parser.ParseResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Plans of hostile Dockerfiles: long stage chains and cycles, and expansions nested deeper than allowed. */
class HostilePlanTest {

    /** Generous: other builds share the machine, and the first plan includes JIT warm-up. */
    private static final Duration BOUND = Duration.ofSeconds(20);

    @Test
    void aChainOfTenThousandStagesPlansInOrder() throws PlanException {
        StringBuilder text = new StringBuilder("FROM scratch AS s0\n");
        for (int i = 1; i < 10_000; i++) {
            text.append("FROM scratch AS s").append(i).append("\nCOPY --from=s").append(i - 1).append(" / /\n");
        }
        ParseResult parsed = DockerfileParser.parse(text.toString());
        long start = System.nanoTime();
        // Once a StackOverflowError (recursive depth-first order) and quadratic stage-name lookups.
        BuildPlan plan = BuildPlanner.plan(parsed.dockerfile(), PlanOptions.defaults());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
        assertThat(plan.stages()).hasSize(10_000);
        for (int i = 0; i < 10_000; i++) {
            assertThat(plan.stages().get(i).index()).isEqualTo(i);
        }
    }

    @Test
    void aLongCycleIsRefusedAtAStageOfIt() {
        StringBuilder text = new StringBuilder("FROM scratch AS s0\nCOPY --from=s4999 / /\n");
        for (int i = 1; i < 5_000; i++) {
            text.append("FROM scratch AS s").append(i).append("\nCOPY --from=s").append(i - 1).append(" / /\n");
        }
        ParseResult parsed = DockerfileParser.parse(text.toString());
        assertThatThrownBy(() -> BuildPlanner.plan(parsed.dockerfile(), PlanOptions.defaults()))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("circular dependency detected on stage: s")
                .satisfies(e -> assertThat(((PlanException) e).problems()).singleElement()
                        .satisfies(d -> assertThat(d.range().start().line()).isPositive()));
    }

    @Test
    void anExpansionNestedTenThousandDeepIsAnErrorAtItsLine() {
        String nested = "${a:-".repeat(10_000) + "x" + "}".repeat(10_000);
        ParseResult parsed = DockerfileParser.parse("FROM scratch\nENV b=" + nested + "\n");
        long start = System.nanoTime();
        assertThatThrownBy(() -> BuildPlanner.plan(parsed.dockerfile(), PlanOptions.defaults()))
                .isInstanceOf(PlanException.class)
                .satisfies(e -> assertThat(((PlanException) e).problems()).singleElement().satisfies(d -> {
                    assertThat(d.format("Dockerfile")).startsWith("Dockerfile:2:")
                            .contains("nested too deep").contains("... (60001 chars)");
                    assertThat(d.message().length()).isLessThan(400);
                }));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
    }
}
