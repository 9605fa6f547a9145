package io.jbuild.grammar.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.shell.ExpansionException;
import io.jbuild.grammar.shell.ShellWordExpander;
import io.jbuild.grammar.shell.VariableLookup;
import io.jbuild.grammar.source.Diagnostic;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Dockerfiles written to hurt the parser: garbage, ONBUILD chains, thousands of stages, expansions nested
 * thousands deep. Each ends in errors with a line and column, or a result, in bounded time and without a
 * {@link StackOverflowError}.
 */
class HostileDockerfileTest {

    /** Generous: the machine runs other builds at the same time, and this includes JIT warm-up. */
    private static final Duration BOUND = Duration.ofSeconds(20);

    @Test
    void onbuildChainsAreAnErrorAtTheirLine() {
        ParseResult two = timed(() -> DockerfileParser.parse("FROM scratch\nONBUILD ONBUILD RUN x\n"));
        assertThat(two.errors()).singleElement().satisfies(d -> assertThat(d.format("Dockerfile"))
                .isEqualTo("Dockerfile:2:1: error: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"));

        ParseResult deep = timed(() -> DockerfileParser.parse("FROM scratch\n" + "ONBUILD ".repeat(10_000) + "RUN x\n"));
        assertThat(deep.errors()).isNotEmpty().allSatisfy(d -> {
            assertThat(d.range().start().line()).isEqualTo(2);
            assertThat(d.range().start().column()).isPositive();
        });
        assertThat(deep.errors().get(0).message()).contains("ONBUILD nested too deeply");
    }

    @Test
    void tenThousandStagesParse() {
        StringBuilder text = new StringBuilder("FROM scratch AS s0\n");
        for (int i = 1; i < 10_000; i++) {
            text.append("FROM scratch AS s").append(i).append("\nCOPY --from=s").append(i - 1).append(" / /\n");
        }
        ParseResult result = timed(() -> DockerfileParser.parse(text.toString()));
        assertThat(result.errors()).isEmpty();
        assertThat(result.dockerfile().instructions()).hasSize(19_999);
        assertThat(result.dockerfile().instructions().get(19_998)).isInstanceOfSatisfying(Instruction.Copy.class,
                c -> assertThat(c.from()).contains("s9998"));
    }

    @Test
    void expansionsNestedTenThousandDeepAreRefusedWithoutOverflow() {
        String nested = "${a:-".repeat(10_000) + "x" + "}".repeat(10_000);
        ParseResult parsed = timed(() -> DockerfileParser.parse("FROM scratch\nENV b=" + nested + "\n"));
        assertThat(parsed.errors()).isEmpty(); // the parser keeps words as written; expansion comes later
        ShellWordExpander shell = ShellWordExpander.withEscape('\\');
        long start = System.nanoTime();
        assertThatThrownBy(() -> shell.processWord(nested, VariableLookup.of(Map.of())))
                .isInstanceOf(ExpansionException.class)
                .hasMessageContaining("nested too deep")
                // The 60 KB word is cut in the message, which says how long it was.
                .hasMessageContaining("... (60001 chars)")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(400));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
        // Nesting within the limit expands.
        String fine = "${a:-".repeat(500) + "x" + "}".repeat(500);
        assertThat(timed(() -> {
            try {
                return shell.processWord(fine, VariableLookup.of(Map.of()));
            } catch (ExpansionException e) {
                throw new AssertionError(e);
            }
        })).isEqualTo("x");
    }

    @Test
    void aMegabyteOfGarbageIsErrorsWithPositions() {
        byte[] garbage = new byte[1 << 20];
        new Random(10).nextBytes(garbage);
        assertGarbageParsesToErrors(garbage);
    }

    @Test
    @Tag("reliability")
    void tenMegabytesOfGarbageIsErrorsWithPositions() {
        byte[] garbage = new byte[10 << 20];
        new Random(11).nextBytes(garbage);
        assertGarbageParsesToErrors(garbage);
    }

    private static void assertGarbageParsesToErrors(byte[] garbage) {
        ParseResult result = timed(() -> DockerfileParser.parse(DockerfileParser.decode(garbage)));
        assertThat(result.errors()).isNotEmpty();
        Diagnostic first = result.errors().get(0);
        assertThat(first.format("Dockerfile")).startsWith("Dockerfile:1:1: error: ");
        assertThat(result.errors()).allSatisfy(d -> assertThat(d.range().start().line()).isPositive());
    }

    private static <T> T timed(Supplier<T> work) {
        long start = System.nanoTime();
        T result = work.get();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
        return result;
    }
}
