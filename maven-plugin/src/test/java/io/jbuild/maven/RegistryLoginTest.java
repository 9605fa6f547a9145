package io.jbuild.maven;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.core.registry.DockerConfigFile;
import io.jbuild.core.registry.RegistryOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryLoginTest {

    @TempDir
    Path home;

    private RegistryOptions base() {
        return RegistryOptions.defaults().withEnvironment(Map.of("PATH", "/usr/bin"), home);
    }

    @Test
    void withoutLoginTheOptionsAreUnchanged() throws Exception {
        RegistryOptions base = base();
        try (RegistryLogin login = RegistryLogin.open(base, "ghcr.io", Optional.empty())) {
            assertThat(login.options()).isSameAs(base);
        }
    }

    @Test
    void aLoginIsAPrivateDockerConfigOfItsOwnRemovedOnClose() throws Exception {
        Path dir;
        try (RegistryLogin login = RegistryLogin.open(base(), "localhost:5000",
                Optional.of(new SettingsCredentials.Login("me", "pw")))) {
            RegistryOptions options = login.options();
            assertThat(options.environment()).containsEntry("PATH", "/usr/bin");
            Path config = options.dockerConfigFile();
            dir = config.getParent();
            assertThat(dir.toString()).isEqualTo(options.environment().get(DockerConfigFile.ENV));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
            String auth = Base64.getEncoder().encodeToString("me:pw".getBytes(StandardCharsets.UTF_8));
            assertThat(Files.readString(config)).contains("\"localhost:5000\"").contains(auth)
                    .doesNotContain("credsStore").doesNotContain("credHelpers");
        }
        assertThat(dir).doesNotExist();
    }
}
