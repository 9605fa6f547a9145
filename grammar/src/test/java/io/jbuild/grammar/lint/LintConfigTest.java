package io.jbuild.grammar.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.grammar.source.Severity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Configuration trees into the typed config, check directives and pragma comments. */
class LintConfigTest {

    @Test
    void hadolintStyleFile() throws Exception {
        LintConfig c = YamlConfigs.parse("""
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
                failure-threshold: warning
                format: tty
                """);
        assertThat(c.ignored()).containsExactlyInAnyOrder("DL3008", "JSONArgsRecommended", "DL3059");
        assertThat(c.overrides()).containsEntry("DL3006", Severity.ERROR).containsEntry("DL3015", Severity.INFO);
        assertThat(c.trustedRegistries()).containsExactly("docker.io", "*.corp.example");
        assertThat(c.labelSchema()).containsExactly(Map.entry("maintainer", "email"),
                Map.entry("org.opencontainers.image.created", "rfc3339"));
        assertThat(c.strictLabels()).isTrue();
        assertThat(c.failureThreshold()).contains(Severity.WARNING);
        assertThat(YamlConfigs.parse("failure-threshold: none\n").failureThreshold()).isEmpty();
        assertThat(YamlConfigs.parse("").ignored()).isEmpty();
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> YamlConfigs.parse("override:\n  fatal: [x]\n")).hasMessageContaining("unknown severity 'fatal'")
                .extracting(e -> ((LintConfigException) e).key()).isEqualTo(List.of("override", "fatal"));
        assertThatThrownBy(() -> YamlConfigs.parse("label-schema: {a: colour}\n")).hasMessageContaining("unknown type");
        assertThatThrownBy(() -> YamlConfigs.parse("- a\n- b\n")).hasMessageContaining("mapping");
        assertThatThrownBy(() -> YamlConfigs.parse("ignored: [a, {b: c}]\n")).hasMessageContaining("list of names")
                .extracting(e -> ((LintConfigException) e).key()).isEqualTo(List.of("ignored", "1"));
        assertThatThrownBy(() -> YamlConfigs.parse("strict-labels: maybe\n")).hasMessageContaining("true or false");
    }

    @Test
    void checkDirective() throws Exception {
        CheckDirective d = CheckDirective.parse("skip=A, B;error=true;experimental=all");
        assertThat(d.skip()).containsExactlyInAnyOrder("A", "B");
        assertThat(d.error()).isTrue();
        assertThat(d.enablesExperimental("X")).isTrue();
        assertThat(CheckDirective.parse("skip=all").skips("anything")).isTrue();
        assertThatThrownBy(() -> CheckDirective.parse("error=maybe")).hasMessageContaining("failed to parse check option");
        assertThatThrownBy(() -> CheckDirective.parse("skip")).hasMessageContaining("invalid check option \"skip\"");
        assertThat(CheckDirective.fromComment("check=skip=DL3008 because")).map(CheckDirective::skip)
                .contains(Set.of("DL3008"));
        assertThat(CheckDirective.fromComment("just words")).isEmpty();
    }

    @Test
    void pragmas() {
        assertThat(Pragmas.ignore("hadolint ignore=DL3008,DL3009")).map(Pragmas.Ignore::rules)
                .contains(Set.of("DL3008", "DL3009"));
        assertThat(Pragmas.ignore(" hadolint global ignore = DL3006 # why")).map(Pragmas.Ignore::scope)
                .contains(Pragmas.Scope.GLOBAL);
        assertThat(Pragmas.ignore("hadolint stage ignore=DL3003")).map(Pragmas.Ignore::scope).contains(Pragmas.Scope.STAGE);
        assertThat(Pragmas.ignore("hadolint ignores everything")).isEmpty();
        assertThat(Pragmas.ignore("hadolint ignore=")).isEmpty();
    }

    @Test
    void imageReferences() {
        assertThat(ImageReference.isValid("alpine")).isTrue();
        assertThat(ImageReference.isValid("registry.example.com:5000/team/app:1.2@sha256:"
                + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")).isTrue();
        assertThat(ImageReference.isValid("alpine:")).isFalse();
        assertThat(ImageReference.isValid("Alpine")).isFalse();
        assertThat(ImageReference.isValid("")).isFalse();
        ImageReference.Written r = ImageReference.split("localhost:5000/a/b:1");
        assertThat(r.registry()).contains("localhost:5000");
        assertThat(r.path()).isEqualTo("a/b");
        assertThat(r.tag()).contains("1");
        assertThat(ImageReference.split("debian").tag()).isEqualTo(Optional.empty());
    }
}
