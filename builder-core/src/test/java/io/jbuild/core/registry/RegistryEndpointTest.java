package io.jbuild.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RegistryEndpointTest {

    @Test
    void plainHttpOnlyForLoopbackAndListedRegistries() {
        assertThat(RegistryEndpoint.of("localhost:5000", Set.of()).insecure()).isTrue();
        assertThat(RegistryEndpoint.of("localhost", Set.of()).insecure()).isTrue();
        assertThat(RegistryEndpoint.of("127.0.0.1:41234", Set.of()).insecure()).isTrue();
        assertThat(RegistryEndpoint.of("[::1]:5000", Set.of()).insecure()).isTrue();
        assertThat(RegistryEndpoint.of("ghcr.io", Set.of()).insecure()).isFalse();
        assertThat(RegistryEndpoint.of("localhost.example.com", Set.of()).insecure()).isFalse();
        assertThat(RegistryEndpoint.of("127.0.0.2:5000", Set.of()).insecure()).isFalse();
        assertThat(RegistryEndpoint.of("reg.lan:5000", Set.of("reg.lan:5000")).insecure()).isTrue();
        assertThat(RegistryEndpoint.of("reg.lan:5000", Set.of("reg.lan")).insecure()).isTrue();
        assertThat(RegistryEndpoint.of("reg.lan:5000", Set.of("reg.lan:6000")).insecure()).isFalse();
    }

    @Test
    void dockerHubIsReachedAtItsRealHostAndKeyedAsDockerDoes() {
        RegistryEndpoint hub = RegistryEndpoint.of("docker.io", Set.of());
        assertThat(hub.host()).isEqualTo("registry-1.docker.io");
        assertThat(hub.configKey()).isEqualTo("https://index.docker.io/v1/");
        assertThat(RegistryEndpoint.of("index.docker.io", Set.of()).registry()).isEqualTo("docker.io");
        RegistryEndpoint other = RegistryEndpoint.of("ghcr.io", Set.of());
        assertThat(other.host()).isEqualTo("ghcr.io");
        assertThat(other.configKey()).isEqualTo("ghcr.io");
    }

    @Test
    void loginAcceptsWhatDockerLoginAccepts() {
        assertThat(RegistryEndpoint.normalizeRegistry("ghcr.io")).isEqualTo("ghcr.io");
        assertThat(RegistryEndpoint.normalizeRegistry("https://index.docker.io/v1/")).isEqualTo("docker.io");
        assertThat(RegistryEndpoint.normalizeRegistry("registry-1.docker.io")).isEqualTo("docker.io");
        assertThat(RegistryEndpoint.normalizeRegistry("http://localhost:5000/")).isEqualTo("localhost:5000");
        assertThat(RegistryEndpoint.normalizeRegistry(" myregistry ")).isEqualTo("myregistry");
        assertThatThrownBy(() -> RegistryEndpoint.normalizeRegistry("https://"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https://");
        assertThatThrownBy(() -> RegistryEndpoint.normalizeRegistry("bad host!"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad host!");
    }
}
