package io.jbuild.grammar.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.grammar.TestDirs;
import io.jbuild.grammar.ignore.IgnoreRules;
import io.jbuild.grammar.source.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every real-world Dockerfile of the corpus lints without an exception and without a failing rule. */
class LintCorpusTest {

    static List<Path> corpus() throws IOException {
        try (Stream<Path> files = Files.walk(TestDirs.corpus())) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
    }

    static boolean isDockerfile(Path p) {
        String name = p.getFileName().toString();
        return name.equals("Dockerfile") || name.startsWith("Dockerfile.") || name.endsWith(".Dockerfile");
    }

    @Test
    void everyCorpusFileLints() throws IOException {
        List<Path> files = corpus();
        assertThat(files).hasSizeGreaterThan(100);
        LintOptions all = LintOptions.defaults().withConfig(LintConfig.defaults()
                .withExperimental(Set.of("all"))
                .withOverride("DL1001", Severity.INFO)
                .withOverride("DL3057", Severity.INFO)
                .withTrustedRegistries(List.of("docker.io"))
                .withLabelSchema(Map.of("maintainer", "email", "version", "semver"), true))
                .withDockerignore(IgnoreRules.of(List.of("*.md", "secrets", "**/*.key")));
        Map<String, Integer> counts = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            boolean dockerfile = isDockerfile(f);
            for (LintDiagnostic d : Linter.standard().lint(f, all)) { // other files (LICENSE, ...) too: no exception
                if (!dockerfile) {
                    continue;
                }
                counts.merge(d.ruleId(), 1, Integer::sum);
                if (d.ruleId().equals(Linter.INTERNAL) || d.ruleId().equals("syntax") || d.ruleId().equals("instruction")) {
                    problems.add(f + ": " + d.format(f.toString()));
                }
            }
        }
        assertThat(problems).isEmpty(); // the corpus parses cleanly and no rule fails on it
        assertThat(counts.keySet()).hasSizeGreaterThan(30); // many rules have something to say about real files
    }
}
