package io.jbuild.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jbuild.core.json.PlanJson;
import io.jbuild.grammar.parser.DockerfileParser;
import io.jbuild.grammar.parser.ParseResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Table-driven plan tests: each {@code testdata/plan/NAME/} has a Dockerfile and a {@code case.json} with the
 * arguments of {@code jbuild plan} ({@code --build-arg}, {@code --target}, {@code --platform}), whether planning
 * fails (exit code 1), the problems and warnings expected, and the expected plan (a subset of
 * {@link PlanJson}'s JSON: every field given must match; arrays must have the same length). Each case runs the
 * parser, the planner and the renderer as the CLI does; the CLI's own prefixes ({@code jbuild plan: },
 * {@code [warning] }) are its business ({@code PlanCommandTest} in builder-cli).
 */
class PlanCasesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CLI_PREFIXES = List.of("jbuild plan: ", "[warning] ");

    /** What planning said: its problems and warnings, one a line, and the plan's JSON when it succeeded. */
    private record Outcome(int exitCode, String messages, String json) {
    }

    @TestFactory
    Stream<DynamicTest> planCases() throws IOException {
        Path root = testdata().resolve("plan");
        List<Path> cases;
        try (Stream<Path> s = Files.list(root)) {
            cases = s.filter(p -> Files.exists(p.resolve("case.json"))).sorted().toList();
        }
        assertThat(cases).hasSizeGreaterThan(15);
        return cases.stream().map(dir -> dynamicTest(dir.getFileName().toString(), () -> runCase(dir)));
    }

    private static Path testdata() {
        String dir = System.getProperty("jbuild.testdata.dir");
        return dir != null ? Path.of(dir) : Path.of("../testdata").toAbsolutePath().normalize();
    }

    private static void runCase(Path dir) throws IOException {
        JsonNode spec = JSON.readTree(dir.resolve("case.json").toFile());
        List<String> buildArgs = new ArrayList<>();
        String target = null;
        String platform = null;
        for (Iterator<JsonNode> args = spec.path("args").iterator(); args.hasNext(); ) {
            String flag = args.next().asText();
            String value = args.next().asText();
            switch (flag) {
                case "--build-arg" -> buildArgs.add(value);
                case "--target" -> target = value;
                case "--platform" -> platform = value;
                default -> fail("case.json: unknown argument " + flag);
            }
        }
        Outcome o = plan(dir.resolve("Dockerfile"), buildArgs, target, platform);
        assertThat(o.exitCode()).as("exit code; messages: %s", o.messages()).isEqualTo(spec.path("exitCode").asInt(0));
        for (JsonNode line : spec.path("stderr")) {
            assertThat(o.messages()).contains(withoutCliPrefix(line.asText()));
        }
        if (spec.has("expect")) {
            assertSubset(spec.get("expect"), JSON.readTree(o.json()), "$");
        }
    }

    private static String withoutCliPrefix(String line) {
        for (String prefix : CLI_PREFIXES) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length());
            }
        }
        return line;
    }

    /** Parse, plan and render, saying each problem as {@code jbuild plan} does (Dockerfile:LINE:COL: ...). */
    private static Outcome plan(Path dockerfile, List<String> buildArgs, String target, String platform)
            throws IOException {
        StringBuilder messages = new StringBuilder();
        ParseResult parsed = DockerfileParser.parse(dockerfile);
        parsed.diagnostics().forEach(d -> messages.append(d.format("Dockerfile")).append('\n'));
        if (parsed.hasErrors()) {
            return new Outcome(1, messages.toString(), null);
        }
        BuildPlan plan;
        try {
            plan = BuildPlanner.plan(parsed.dockerfile(),
                    PlanOptions.fromArguments(buildArgs, System.getenv(), target, platform));
        } catch (PlanException e) {
            e.problems().forEach(d -> messages.append(d.code().equals("argument") ? d.message() : d.format("Dockerfile"))
                    .append('\n'));
            return new Outcome(1, messages.toString(), null);
        } catch (IllegalArgumentException e) {
            return new Outcome(1, messages.append(e.getMessage()).append('\n').toString(), null);
        }
        plan.unusedBuildArgsWarning().ifPresent(w -> messages.append(w).append('\n'));
        return new Outcome(0, messages.toString(), PlanJson.write(plan));
    }

    static void assertSubset(JsonNode expected, JsonNode actual, String path) {
        if (expected.isObject()) {
            if (!actual.isObject()) {
                fail(path + ": expected an object, got " + actual);
            }
            Iterator<Map.Entry<String, JsonNode>> fields = expected.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (!actual.has(f.getKey())) {
                    fail(path + "." + f.getKey() + ": missing in " + actual);
                }
                assertSubset(f.getValue(), actual.get(f.getKey()), path + "." + f.getKey());
            }
            if (path.endsWith(".env") || path.endsWith(".imageEnv")) {
                assertThat(actual.size()).as(path + " has exactly the expected variables: " + actual)
                        .isEqualTo(expected.size());
            }
        } else if (expected.isArray()) {
            assertThat(actual.isArray()).as(path + " is an array").isTrue();
            assertThat(actual.size()).as(path + " length in " + actual).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertSubset(expected.get(i), actual.get(i), path + "[" + i + "]");
            }
        } else {
            assertThat(actual).as(path).isEqualTo(expected);
        }
    }
}
