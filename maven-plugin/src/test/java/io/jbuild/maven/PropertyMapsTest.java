package io.jbuild.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PropertyMapsTest {

    @Test
    void readsPairsAndBareKeys() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("A", "1");
        expected.put("B", null);
        expected.put("C", "x=y");
        expected.put("D", "");
        assertThat(PropertyMaps.parse("A=1, B ,C=x=y,,D=")).containsExactlyEntriesOf(expected);
        assertThat(PropertyMaps.parse(null)).isEmpty();
    }

    @Test
    void refusesAPairWithoutKey() {
        assertThatThrownBy(() -> PropertyMaps.parse("=1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCommandLineWins() {
        assertThat(PropertyMaps.merge(Map.of("A", "pom", "B", "pom"), Map.of("A", "cli")))
                .containsEntry("A", "cli").containsEntry("B", "pom");
        assertThat(PropertyMaps.merge(null, Map.of("A", "cli"))).containsExactly(Map.entry("A", "cli"));
    }
}
