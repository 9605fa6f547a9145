package io.jbuild.grammar.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.grammar.source.Severity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .hadolint.yaml / .jbuild-lint.yaml read as YAML, into the typed config, with file:line:column in errors. */
class LintConfigFileTest {

    @TempDir
    Path dir;

    private static LintConfig parse(String yaml) throws Exception {
        return LintConfigFile.parse(yaml, ".hadolint.yaml");
    }

    @Test
    void everyKeyOfAHadolintFile() throws Exception {
        Path file = dir.resolve(".hadolint.yaml");
        Files.writeString(file, """
                # a comment
                ignored:
                - DL3008   # block list at the key's indentation
                - JSONArgsRecommended
                override:
                  error: [DL3006, DL3007]
                  info:
                    - DL3015
                  ignore: [DL3059]
                trustedRegistries:
                  - docker.io
                  - "*.corp.example"
                label-schema:
                  maintainer: email
                  "org.opencontainers.image.created": rfc3339
                strict-labels: yes
                disable-ignore-pragma: on
                no-fail: false
                experimental: InvalidDefinitionDescription
                failure-threshold: warning
                format: tty
                """, StandardCharsets.UTF_8);
        LintConfig c = LintConfigFile.read(file);
        assertThat(c.ignored()).containsExactlyInAnyOrder("DL3008", "JSONArgsRecommended", "DL3059");
        assertThat(c.overrides()).containsOnly(Map.entry("DL3006", Severity.ERROR), Map.entry("DL3007", Severity.ERROR),
                Map.entry("DL3015", Severity.INFO));
        assertThat(c.trustedRegistries()).containsExactly("docker.io", "*.corp.example");
        assertThat(c.labelSchema()).containsExactly(Map.entry("maintainer", "email"),
                Map.entry("org.opencontainers.image.created", "rfc3339"));
        assertThat(c.strictLabels()).isTrue();
        assertThat(c.disableIgnorePragma()).isTrue();
        assertThat(c.noFail()).isFalse();
        assertThat(c.experimental()).containsExactly("InvalidDefinitionDescription");
        assertThat(c.failureThreshold()).contains(Severity.WARNING);
        assertThat(parse("failure-threshold: none\n").failureThreshold()).isEmpty();
        assertThat(parse("")).isEqualTo(LintConfig.defaults());
        assertThat(parse("# only a comment\n---\n")).isEqualTo(LintConfig.defaults());
    }

    @Test
    void anchorsAndAliasesShareAList() throws Exception {
        // the old line reader took "&common [DL3008, DL3009]" as one rule name and "*common" as another
        LintConfig c = parse("""
                ignored: &common [DL3008, DL3009]
                override:
                  error: *common
                """);
        assertThat(c.ignored()).containsExactlyInAnyOrder("DL3008", "DL3009");
        assertThat(c.overrides()).containsOnly(Map.entry("DL3008", Severity.ERROR), Map.entry("DL3009", Severity.ERROR));
    }

    @Test
    void blockScalarsAreReadAsYamlSaysAndSeveralNamesInOneAreAnError() throws Exception {
        assertThat(parse("failure-threshold: >-\n  warning\n").failureThreshold()).contains(Severity.WARNING);
        assertThat(parse("failure-threshold: |\n  info\n").failureThreshold()).contains(Severity.INFO);
        assertThat(parse("trustedRegistries:\n  - >\n    docker.io\n").trustedRegistries()).containsExactly("docker.io");
        assertThatThrownBy(() -> parse("ignored: |\n  DL3008\n  DL3009\n"))
                .hasMessage(".hadolint.yaml:1:10: 'ignored': 'DL3008\\nDL3009' is not one name (write a list: [a, b])");
    }

    @Test
    void flowCollectionsOverSeveralLinesWithComments() throws Exception {
        LintConfig c = parse("""
                ignored: [DL3008,   # apt pins
                          DL3009,   # apt lists
                          "DL3015"]
                label-schema: {maintainer: text,
                               version: semver}
                trustedRegistries: ['it''s.example', "a#b.example"] # not a comment inside quotes
                """);
        assertThat(c.ignored()).containsExactlyInAnyOrder("DL3008", "DL3009", "DL3015");
        assertThat(c.labelSchema()).containsExactly(Map.entry("maintainer", "text"), Map.entry("version", "semver"));
        assertThat(c.trustedRegistries()).containsExactly("it's.example", "a#b.example");
    }

    @Test
    void badValuesSayFileLineAndColumn() {
        assertThatThrownBy(() -> parse("ignored: []\noverride:\n  fatal: [x]\n"))
                .hasMessage(".hadolint.yaml:3:10: override: unknown severity 'fatal' (use error, warning, info, style or ignore)");
        assertThatThrownBy(() -> parse("label-schema:\n  a: colour\n")).hasMessageStartingWith(".hadolint.yaml:2:6: label-schema: unknown type 'colour'");
        assertThatThrownBy(() -> parse("failure-threshold: fatal\n")).hasMessage(".hadolint.yaml:1:20: failure-threshold: unknown severity 'fatal'");
        assertThatThrownBy(() -> parse("strict-labels: maybe\n")).hasMessage(".hadolint.yaml:1:16: 'strict-labels' must be true or false, not 'maybe'");
        assertThatThrownBy(() -> parse("ignored:\n  - a\n  - {b: c}\n")).hasMessage(".hadolint.yaml:3:5: 'ignored' must be a list of names");
        assertThatThrownBy(() -> parse("- a\n- b\n")).hasMessageStartingWith(".hadolint.yaml:1:1: the configuration must be a mapping");
        assertThatThrownBy(() -> parse("a: 1\na: 2\n")).hasMessage(".hadolint.yaml:2:1: duplicate key \"a\"");
    }

    @Test
    void malformedYamlSaysFileAndLine() {
        assertThatThrownBy(() -> parse("ignored: [a\n")).hasMessageStartingWith(".hadolint.yaml:2:1: invalid YAML: ");
        assertThatThrownBy(() -> parse("ignored:\n\t- a\n")).hasMessageStartingWith(".hadolint.yaml:2:1: invalid YAML: ")
                .hasMessageContaining("\\t");
        assertThatThrownBy(() -> parse("ignored: *nowhere\n")).hasMessageStartingWith(".hadolint.yaml:1:10: invalid YAML: ")
                .hasMessageContaining("nowhere");
        assertThatThrownBy(() -> parse("a: b\n---\nc: d\n")).hasMessageStartingWith(".hadolint.yaml:")
                .hasMessageContaining("invalid YAML");
        assertThatThrownBy(() -> parse("base: &b {ignored: [a]}\n<<: *b\n")).hasMessage(".hadolint.yaml:2:1: merge keys (<<) are not supported");
        StringBuilder laughs = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++) {
            laughs.append("a").append(i).append(": &a").append(i).append(" [").append(("*a" + (i - 1) + ", ").repeat(9))
                    .append("*a").append(i - 1).append("]\n");
        }
        assertThatThrownBy(() -> parse(laughs.toString())).hasMessageContaining("invalid YAML").hasMessageContaining("aliases");
    }

    @Test
    void aTagNeverBuildsAnObject() throws Exception {
        // composed, never constructed: a class tag is refused, a standard one only changes nothing
        assertThatThrownBy(() -> parse("ignored: !!java.io.File [x]\n"))
                .hasMessage(".hadolint.yaml:1:10: invalid YAML: Global tag is not allowed: tag:yaml.org,2002:java.io.File");
        assertThat(parse("ignored: !!seq [x]\n").ignored()).containsExactly("x");
    }
}
