package io.jbuild.cli.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jbuild.cli.CliRunner;
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
 * command-line arguments, the expected exit code, lines expected on standard error, and the expected plan
 * (a subset of {@code jbuild plan}'s JSON: every field given must match; arrays must have the same length).
 */
class PlanCasesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> planCases() throws IOException {
        Path root = CliRunner.testdata().resolve("plan");
        List<Path> cases;
        try (Stream<Path> s = Files.list(root)) {
            cases = s.filter(p -> Files.exists(p.resolve("case.json"))).sorted().toList();
        }
        assertThat(cases).hasSizeGreaterThan(15);
        return cases.stream().map(dir -> dynamicTest(dir.getFileName().toString(), () -> runCase(dir)));
    }

    private static void runCase(Path dir) throws IOException {
        JsonNode spec = JSON.readTree(dir.resolve("case.json").toFile());
        Path dockerfile = dir.resolve("Dockerfile");
        List<String> args = new ArrayList<>(List.of("plan", "-f", dockerfile.toString()));
        spec.path("args").forEach(a -> args.add(a.asText()));
        CliRunner.Outcome o = CliRunner.run(args.toArray(String[]::new));
        String err = o.err().replace(dockerfile.toString(), "Dockerfile");
        assertThat(o.exitCode()).as("exit code; stderr: %s", err).isEqualTo(spec.path("exitCode").asInt(0));
        for (JsonNode line : spec.path("stderr")) {
            assertThat(err).contains(line.asText());
        }
        if (spec.has("expect")) {
            JsonNode actual = JSON.readTree(o.out());
            assertSubset(spec.get("expect"), actual, "$");
        }
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
