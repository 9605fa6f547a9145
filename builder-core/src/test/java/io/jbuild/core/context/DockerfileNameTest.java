package io.jbuild.core.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerfileNameTest {

    @TempDir
    Path dir;

    @Test
    void dockerfileStandsInForAMissingDockerfileOnly() throws Exception {
        Path asked = dir.resolve("Dockerfile");
        assertThat(DockerfileName.resolve(asked)).isEqualTo(asked); // neither: the name asked for, for the error
        Files.writeString(dir.resolve("dockerfile"), "FROM scratch\n");
        assertThat(DockerfileName.resolve(asked)).isEqualTo(dir.resolve("dockerfile"));
        Files.writeString(asked, "FROM scratch\n");
        assertThat(DockerfileName.resolve(asked)).isEqualTo(asked); // both: BuildKit reads Dockerfile

        Path other = dir.resolve("Dockerfile.prod");
        assertThat(DockerfileName.resolve(other)).isEqualTo(other);
    }

    @Test
    void theIgnoreFileOfTheNameAskedForGoesWithTheLowerCaseFile() throws Exception {
        Path lower = Files.writeString(dir.resolve("dockerfile"), "FROM scratch\n");
        assertThat(DockerIgnore.nextTo(lower)).isEmpty();
        Files.writeString(dir.resolve("Dockerfile.dockerignore"), "x\n");
        assertThat(DockerIgnore.nextTo(lower)).contains(dir.resolve("Dockerfile.dockerignore"));
        Files.writeString(dir.resolve("dockerfile.dockerignore"), "y\n");
        assertThat(DockerIgnore.nextTo(lower)).contains(dir.resolve("dockerfile.dockerignore"));
    }
}
