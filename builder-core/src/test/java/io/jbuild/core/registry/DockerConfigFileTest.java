package io.jbuild.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigFileTest {

    @TempDir
    Path tmp;

    @Test
    void locatedByDockerConfigElseInHome() {
        assertThat(DockerConfigFile.locate(Map.of("DOCKER_CONFIG", "/etc/dc"), tmp)).isEqualTo(Path.of("/etc/dc/config.json"));
        assertThat(DockerConfigFile.locate(Map.of("DOCKER_CONFIG", ""), tmp)).isEqualTo(tmp.resolve(".docker/config.json"));
        assertThat(DockerConfigFile.locate(Map.of(), tmp)).isEqualTo(tmp.resolve(".docker/config.json"));
    }

    @Test
    void writesBase64AuthPrivatelyAndKeepsTheRest() throws Exception {
        Path file = tmp.resolve("new/dir/config.json");
        DockerConfigFile config = new DockerConfigFile(file);
        config.putAuth("localhost:5000", "bob", "pa:ss");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.path("auths").path("localhost:5000").path("auth").asText()).isEqualTo("Ym9iOnBhOnNz");

        Files.writeString(file, "{\"auths\":{\"a.io\":{\"auth\":\"eDp5\",\"email\":\"x@y\"}},\"credsStore\":\"pass\","
                + "\"proxies\":{\"default\":{\"httpProxy\":\"http://p\"}}}");
        config.putAuth("b.io", "u", "p");
        assertThat(config.removeAuth("a.io")).isTrue();
        assertThat(config.removeAuth("a.io")).isFalse();
        json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.path("auths").has("a.io")).isFalse();
        assertThat(json.path("auths").path("b.io").path("auth").asText()).isEqualTo("dTpw");
        assertThat(json.path("credsStore").asText()).isEqualTo("pass");
        assertThat(json.path("proxies").path("default").path("httpProxy").asText()).isEqualTo("http://p");
    }

    @Test
    void aDamagedFileIsReportedNotOverwritten() throws Exception {
        Path file = tmp.resolve("config.json");
        Files.writeString(file, "{\"auths\": ");
        assertThatThrownBy(() -> new DockerConfigFile(file).putAuth("a", "b", "c"))
                .hasMessageStartingWith(file + ": not valid JSON");
        assertThat(Files.readString(file)).isEqualTo("{\"auths\": ");
        assertThat(new DockerConfigFile(tmp.resolve("none.json")).removeAuth("a")).isFalse();
    }
}
