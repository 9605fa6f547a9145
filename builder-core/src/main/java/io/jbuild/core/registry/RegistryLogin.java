package io.jbuild.core.registry;

import com.google.cloud.tools.jib.api.Credential;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code jbuild login} and {@code logout}: checks credentials against a registry as docker does ({@code GET /v2/}
 * answered with them: Basic, or a Bearer token requested with them), then keeps them in docker's
 * {@code config.json}, where every docker-compatible tool (and our pulls and pushes) finds them.
 */
public final class RegistryLogin {

    private final RegistryOptions options;

    public RegistryLogin(RegistryOptions options) {
        this.options = options;
    }

    /**
     * Checks the credentials, then stores them.
     *
     * @param registry as the user typed it: {@code ghcr.io}, {@code localhost:5000}, {@code https://index.docker.io/v1/}
     * @return the file written
     * @throws RegistryAuthException naming the registry when it refuses the credentials; nothing is written then
     */
    public Path login(String registry, String username, String password) throws IOException {
        RegistryEndpoint endpoint = options.endpoint(RegistryEndpoint.normalizeRegistry(registry));
        verify(endpoint, username, password);
        DockerConfigFile file = new DockerConfigFile(options.dockerConfigFile());
        file.putAuth(endpoint.configKey(), username, password);
        return file.path();
    }

    /** Checks the credentials without storing them. */
    public void verify(String registry, String username, String password) throws IOException {
        verify(options.endpoint(RegistryEndpoint.normalizeRegistry(registry)), username, password);
    }

    /**
     * Forgets the credentials stored for {@code registry}.
     *
     * @return false if there were none
     */
    public boolean logout(String registry) throws IOException {
        RegistryEndpoint endpoint = options.endpoint(RegistryEndpoint.normalizeRegistry(registry));
        return new DockerConfigFile(options.dockerConfigFile()).removeAuth(endpoint.configKey());
    }

    private void verify(RegistryEndpoint endpoint, String username, String password) throws IOException {
        if (username == null || username.isEmpty()) {
            throw new IllegalArgumentException("a user name is required");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("a password is required");
        }
        RegistryHttp http = new RegistryHttp(endpoint, Credential.from(username, password), options.timeout(),
                options.userAgent());
        try {
            options.retry().run(endpoint.registry() + ": login", () -> {
                http.checkLogin();
                return null;
            }, TransferListener.SILENT);
        } finally {
            http.closeIdle();
        }
    }
}
