package io.jbuild.core.registry;

import static io.jbuild.core.registry.TestImages.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jbuild.core.store.ImageStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A registry behind htpasswd (bcrypt): credentials come from docker's config.json, which login writes. */
class RegistryAuthTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.withPassword("alice", "s3cret-Passw0rd");

    @TempDir
    Path tmp;

    @Test
    void withoutCredentialsTheRegistrySaysUnauthorized() throws Exception {
        ImageStore store = TestImages.store(tmp.resolve("store"));
        String name = REGISTRY.host() + "/private/app:1";
        TestImages.busybox(store, tmp, name, 0);
        RegistryOptions options = TestImages.options(tmp, tmp.resolve("empty-docker-config"));
        assertThatThrownBy(() -> new ImagePusher(store, options).push(ref(name), TransferListener.SILENT))
                .isInstanceOf(RegistryAuthException.class)
                .hasMessageContaining(REGISTRY.host() + "/private/app")
                .hasMessageContaining("unauthorized");
        assertThatThrownBy(() -> new ImagePuller(store, options).pull(ref(name), TransferListener.SILENT))
                .isInstanceOf(RegistryAuthException.class)
                .hasMessageContaining(name + ": unauthorized: authentication required (run jbuild login");
    }

    @Test
    void loginChecksTheCredentialsThenWritesDockersConfig() throws Exception {
        Path dockerConfig = tmp.resolve("docker");
        RegistryOptions options = TestImages.options(tmp, dockerConfig);
        RegistryLogin login = new RegistryLogin(options);
        assertThatThrownBy(() -> login.login(REGISTRY.host(), "alice", "wrong"))
                .isInstanceOf(RegistryAuthException.class)
                .hasMessage(REGISTRY.host() + ": unauthorized: incorrect username or password");
        assertThat(dockerConfig.resolve("config.json")).doesNotExist();

        Files.createDirectories(dockerConfig);
        Files.writeString(dockerConfig.resolve("config.json"),
                "{\"auths\":{\"ghcr.io\":{\"auth\":\"eDp5\"}},\"credHelpers\":{},\"psFormat\":\"{{.ID}}\"}");
        Path written = login.login("http://" + REGISTRY.host() + "/", "alice", "s3cret-Passw0rd");
        assertThat(written).isEqualTo(dockerConfig.resolve("config.json"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written))).isEqualTo("rw-------");
        JsonNode config = new ObjectMapper().readTree(written.toFile());
        String auth = config.path("auths").path(REGISTRY.host()).path("auth").asText();
        assertThat(new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8))
                .isEqualTo("alice:s3cret-Passw0rd");
        assertThat(config.path("auths").path("ghcr.io").path("auth").asText()).isEqualTo("eDp5");
        assertThat(config.path("psFormat").asText()).isEqualTo("{{.ID}}");
        try (var files = Files.list(dockerConfig)) {
            assertThat(files).containsExactly(written); // no temporary file left behind
        }

        // Push and pull now find the credentials there.
        ImageStore store = TestImages.store(tmp.resolve("store"));
        String name = REGISTRY.host() + "/private/app:2";
        TestImages.busybox(store, tmp, name, 0);
        PushResult pushed = new ImagePusher(store, options).push(ref(name), TransferListener.SILENT);
        ImageStore other = TestImages.store(tmp.resolve("other"));
        PullResult pulled = new ImagePuller(other, options).pull(ref(name), TransferListener.SILENT);
        assertThat(pulled.manifest().digest()).isEqualTo(pushed.digest());

        assertThat(login.logout(REGISTRY.host())).isTrue();
        assertThat(login.logout(REGISTRY.host())).isFalse();
        assertThat(new ObjectMapper().readTree(written.toFile()).path("auths").has(REGISTRY.host())).isFalse();
        assertThatThrownBy(() -> new ImagePuller(other, options).pull(ref(name), TransferListener.SILENT))
                .isInstanceOf(RegistryAuthException.class);
    }
}
