package io.jbuild.maven;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.grammar.reference.ImageReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DefaultTagTest {

    @ParameterizedTest
    @CsvSource({
        "my-app, 1.0-SNAPSHOT, my-app:1.0-SNAPSHOT",
        "Sample-App, 1.0, sample-app:1.0",
        "My__App, 2, my__app:2",
        "a..b, 1, a-b:1",
        "_lead-, 1, lead:1",
        "app, 1.0+build.5, app:1.0-build.5",
        "app, .hidden, app:hidden",
        "app, ---, app:latest",
        "ÄPP, 1, pp:1",
        "---, 1, image:1",
    })
    void makesAValidReference(String artifactId, String version, String expected) {
        String tag = DefaultTag.of(artifactId, version);
        assertThat(tag).isEqualTo(expected);
        assertThat(ImageReference.parse(tag).tag()).isEqualTo(expected.substring(expected.indexOf(':') + 1));
    }

    @ParameterizedTest
    @CsvSource({"a--b, a--b", "a_b, a_b", "a___b, a-b", "a.-b, a-b", "a b, a-b"})
    void keepsValidSeparatorsAndReplacesOthers(String artifactId, String expected) {
        assertThat(DefaultTag.repository(artifactId)).isEqualTo(expected);
    }

    @Test
    void longVersionsAreCutTo128() {
        assertThat(DefaultTag.tag("1".repeat(200))).hasSize(128);
    }
}
