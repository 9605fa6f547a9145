package io.jbuild.grammar.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.grammar.TestDirs;
import io.jbuild.grammar.ignore.IgnoreFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import io.jbuild.grammar.shell.ShellWordExpander;
import io.jbuild.grammar.shell.VariableLookup;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every case of every rule's case file: the rule reports exactly the expected ranges, messages and fixes. */
class RuleCasesTest {

    static Path casesDir() {
        return TestDirs.testdata().resolve("lint/rules");
    }

    static List<Path> caseFiles() throws IOException {
        try (Stream<Path> files = Files.list(casesDir())) {
            return files.filter(p -> p.toString().endsWith(".cases")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> cases() throws IOException {
        List<RuleCase> all = new ArrayList<>();
        for (Path f : caseFiles()) {
            all.addAll(RuleCase.read(f));
        }
        return all.stream().map(c -> DynamicTest.dynamicTest(c.toString() + " (line " + c.line() + ")", () -> run(c)));
    }

    /** True once the real (BuildKit-exact) word expander is in place, not a stand-in. */
    static boolean realExpander() {
        try {
            return ShellWordExpander.withEscape('\\').processWord("${X:-y}", VariableLookup.empty()).equals("y");
        } catch (Exception | Error e) {
            return false;
        }
    }

    private static void run(RuleCase c) throws Exception {
        if (c.sections().getOrDefault("needs", "").contains("expander")) {
            Assumptions.assumeTrue(realExpander(), "needs the real word expander");
        }
        Rule rule = Rules.byId(c.rule()).orElseThrow(() -> new AssertionError("no rule " + c.rule()));
        LintConfig config = c.sections().containsKey("config") ? YamlConfigs.parse(c.sections().get("config"))
                : LintConfig.defaults();
        if (rule.info().experimental()) {
            config = config.withExperimental(Set.of(c.rule()));
        }
        if (!rule.info().enabledByDefault() && !config.overrides().containsKey(c.rule())) {
            config = config.withOverride(c.rule(), rule.info().severity());
        }
        LintOptions options = LintOptions.defaults().withConfig(config);
        if (c.sections().containsKey("dockerignore")) {
            options = options.withDockerignore(IgnoreFile.parse(
                    c.sections().get("dockerignore").getBytes(StandardCharsets.UTF_8), IgnoreFile.FILE_NAME));
        }
        if (c.sections().containsKey("build-args")) {
            Map<String, String> args = new HashMap<>();
            for (String l : c.sections().get("build-args").split("\n")) {
                if (!l.isBlank()) {
                    args.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1));
                }
            }
            options = options.withBuildArgs(args);
        }
        if (c.sections().containsKey("platform")) {
            options = options.withTargetPlatform(c.sections().get("platform").strip());
        }
        List<LintDiagnostic> all = Linter.standard().lint(c.dockerfile(), options);
        assertThat(all).as("no rule fails").noneMatch(d -> d.ruleId().equals(Linter.INTERNAL));
        List<LintDiagnostic> found = all.stream().filter(d -> d.ruleId().equals(c.rule())).toList();
        List<String> expected = new ArrayList<>();
        for (String l : c.sections().getOrDefault("expect", "").split("\n")) {
            if (!l.isBlank()) {
                expected.add(l.strip());
            }
        }
        List<String> actual = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            LintDiagnostic d = found.get(i);
            String range = d.range().start().line() + ":" + d.range().start().column() + "-" + d.range().end().line()
                    + ":" + d.range().end().column();
            boolean withMessage = i < expected.size() && expected.get(i).contains(" ");
            actual.add(withMessage ? range + " " + d.message() : range);
        }
        assertThat(actual).as("diagnostics of %s; all: %s", c.rule(), all).containsExactlyElementsOf(expected);
        if (c.sections().containsKey("fixed")) {
            List<TextEdit> edits = new ArrayList<>();
            for (LintDiagnostic d : found) {
                if (!d.fixes().isEmpty()) {
                    edits.addAll(d.fixes().get(0).edits());
                }
            }
            assertThat(edits).as("fixes").isNotEmpty();
            assertThat(TextEdit.apply(c.dockerfile(), edits)).isEqualTo(c.sections().get("fixed"));
        }
    }

    @Test
    void everyRuleHasCasesThatTriggerAndCasesThatDoNot() throws IOException {
        Set<String> ids = new LinkedHashSet<>();
        for (Rule r : Rules.all()) {
            assertThat(ids.add(r.info().id())).as("unique id %s", r.info().id()).isTrue();
        }
        List<String> problems = new ArrayList<>();
        for (String id : ids) {
            Path f = casesDir().resolve(id + ".cases");
            if (!Files.exists(f)) {
                problems.add(id + ": no " + f.getFileName());
                continue;
            }
            List<RuleCase> cases = RuleCase.read(f);
            boolean triggers = cases.stream().anyMatch(c -> !c.sections().getOrDefault("expect", "").isBlank());
            boolean quiet = cases.stream().anyMatch(c -> c.sections().getOrDefault("expect", "").isBlank());
            if (!triggers || !quiet) {
                problems.add(id + ": needs a case that triggers and one that does not");
            }
        }
        assertThat(problems).isEmpty();
    }
}
