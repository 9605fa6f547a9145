package io.jbuild.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.building.DefaultSettingsProblem;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.junit.jupiter.api.Test;

class SettingsCredentialsTest {

    /** "Decrypts" {x} to x, and fails on {bad}: enough to see that the decrypted password is the one used. */
    private static final SettingsDecrypter DECRYPTER = new SettingsDecrypter() {
        @Override
        public SettingsDecryptionResult decrypt(SettingsDecryptionRequest request) {
            Server s = request.getServers().get(0).clone();
            List<SettingsProblem> problems = List.of();
            if ("{bad}".equals(s.getPassword())) {
                problems = List.of(new DefaultSettingsProblem("cannot decrypt", SettingsProblem.Severity.ERROR,
                        "server", -1, -1, null));
            } else if (s.getPassword() != null && s.getPassword().startsWith("{")) {
                s.setPassword(s.getPassword().substring(1, s.getPassword().length() - 1));
            }
            Server result = s;
            List<SettingsProblem> found = problems;
            return new SettingsDecryptionResult() {
                @Override
                public Server getServer() {
                    return result;
                }

                @Override
                public List<Server> getServers() {
                    return List.of(result);
                }

                @Override
                public List<Proxy> getProxies() {
                    return List.of();
                }

                @Override
                public Proxy getProxy() {
                    return null;
                }

                @Override
                public List<SettingsProblem> getProblems() {
                    return found;
                }
            };
        }
    };

    private static Server server(String id, String user, String password) {
        Server s = new Server();
        s.setId(id);
        s.setUsername(user);
        s.setPassword(password);
        return s;
    }

    private static SettingsCredentials credentials(Server... servers) {
        return new SettingsCredentials(List.of(servers), DECRYPTER, new SystemStreamLog());
    }

    @Test
    void findsTheServerNamedLikeTheRegistryWithItsPasswordDecrypted() throws MojoExecutionException {
        SettingsCredentials c = credentials(server("nexus", "a", "b"), server("localhost:5000", "me", "{secret}"));
        assertThat(c.find("localhost:5000")).contains(new SettingsCredentials.Login("me", "secret"));
        assertThat(c.find("localhost:5001")).isEmpty();
    }

    @Test
    void dockerHubAnswersToAllItsNames() throws MojoExecutionException {
        SettingsCredentials c = credentials(server("https://index.docker.io/v1/", "me", "pw"));
        assertThat(c.find("docker.io")).contains(new SettingsCredentials.Login("me", "pw"));
        assertThat(SettingsCredentials.canonical("registry-1.docker.io")).isEqualTo("docker.io");
        assertThat(SettingsCredentials.canonical("GHCR.io")).isEqualTo("ghcr.io");
    }

    @Test
    void onlyTheServerNeededIsDecrypted() throws MojoExecutionException {
        SettingsCredentials c = credentials(server("other.example", "x", "{bad}"), server("ghcr.io", "me", "pw"));
        assertThat(c.find("ghcr.io")).isPresent();
        assertThatThrownBy(() -> c.find("other.example")).isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("other.example").hasMessageContaining("cannot decrypt");
    }

    @Test
    void aServerWithoutUserNameIsNoLogin() throws MojoExecutionException {
        assertThat(credentials(server("ghcr.io", null, "pw")).find("ghcr.io")).isEmpty();
    }

    @Test
    void theLoginNeverPrintsItsPassword() {
        assertThat(new SettingsCredentials.Login("me", "hunter2").toString()).doesNotContain("hunter2");
    }
}
